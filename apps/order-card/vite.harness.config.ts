import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Two pages (harness/), not part of the extension the gateway serves:
// - index.html: the panel drawn with the components' DOM side and a stand-in backend;
// - host.html: a stand-in for the CRM page, running the built `order-card.js` in a Web Worker over
//   the embed-ui host protocol (the e2e test in test/promo-loyalty drives it against the real
//   gateway, and the README's pictures are taken from it).
export default defineConfig({
  root: fileURLToPath(new URL('./harness', import.meta.url)),
  base: './',
  plugins: [vue()],
  resolve: {
    alias: [
      {
        find: '@retailcrm/embed-ui-v1-components/host.css',
        replacement: '@retailcrm/embed-ui-v1-components/dist/host.css',
      },
      {
        find: '@retailcrm/embed-ui-v1-components/remote',
        replacement: '@retailcrm/embed-ui-v1-components/host',
      },
    ],
  },
  build: {
    outDir: fileURLToPath(new URL('./dist/harness', import.meta.url)),
    emptyOutDir: true,
    target: 'es2020',
    rollupOptions: {
      input: {
        preview: fileURLToPath(new URL('./harness/index.html', import.meta.url)),
        host: fileURLToPath(new URL('./harness/host.html', import.meta.url)),
      },
    },
  },
});
