import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The preview page (harness/): the panel drawn with the components' DOM side, for the README's
// picture (`npm run screenshot`). Not part of the extension the gateway serves.
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
  },
});
