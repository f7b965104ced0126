import vueRemote from '@omnicajs/vue-remote/vite-plugin';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// One script and one stylesheet, as RetailCRM loads them (`integrations.embedJs`): the gateway
// serves `dist/order-card.js` at /embed/order-card.js and `dist/order-card.css` beside it. The
// script runs in the CRM's Web Worker, so it is a single self-contained ES module.
export default defineConfig({
  // Event helpers (`withModifiers`, `withKeys`) rewritten to work across the worker boundary.
  plugins: [vue(), vueRemote()],
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: false,
    cssCodeSplit: false,
    lib: {
      entry: 'src/endpoint.ts',
      formats: ['es'],
      fileName: () => 'order-card.js',
      cssFileName: 'order-card',
    },
  },
});
