import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

// Component tests render the panel with the components' DOM implementations (the `host` side the
// CRM uses to draw what the extension sends), so the test reads what the manager would see.
export default defineConfig({
  plugins: [vue()],
  resolve: {
    alias: { '@retailcrm/embed-ui-v1-components/remote': '@retailcrm/embed-ui-v1-components/host' },
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.ts'],
  },
});
