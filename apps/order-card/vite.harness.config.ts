import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// host.html (harness/), not part of the extension the gateway serves: a stand-in for the CRM page,
// running the built `order-card.js` in a Web Worker over the embed-ui host protocol. The browser
// e2e test in test/promo-loyalty drives it against the real gateway; the README's pictures are
// taken from it (test/promo-loyalty/order-card-screenshots.ts).
export default defineConfig({
  root: fileURLToPath(new URL('./harness', import.meta.url)),
  base: './',
  resolve: {
    alias: [
      {
        find: '@retailcrm/embed-ui-v1-components/host.css',
        replacement: '@retailcrm/embed-ui-v1-components/dist/host.css',
      },
    ],
  },
  build: {
    outDir: fileURLToPath(new URL('./dist/harness', import.meta.url)),
    emptyOutDir: true,
    target: 'es2020',
    rollupOptions: {
      input: { host: fileURLToPath(new URL('./harness/host.html', import.meta.url)) },
    },
  },
});
