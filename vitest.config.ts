import { defineConfig } from 'vitest/config';
import { cataloguePlugin } from './web/catalogue-plugin.ts';

export default defineConfig({
  // Tests of portal modules read its words as the portal does (web/catalogue-plugin.ts).
  plugins: [cataloguePlugin()],
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
