import vue from '@vitejs/plugin-vue';
import { defineConfig, loadEnv } from 'vite';

// The gateway serves the built page at /settings/{clientId} and its files under /settings/assets/.
// `npm run dev` proxies the API to a running gateway (or the mock in test/ui/support).
export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, '.', 'SETTINGS_UI_');
  const api = env.SETTINGS_UI_API ?? 'http://127.0.0.1:3000';
  return {
    base: '/settings/',
    plugins: [vue()],
    build: { outDir: 'dist', emptyOutDir: true, target: 'es2020', sourcemap: false },
    server: { proxy: { '/api': api } },
  };
});
