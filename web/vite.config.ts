import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { cataloguePlugin } from './catalogue-plugin.ts';

/** `npm start`'s local gateway, which `npm run dev:web` forwards API calls to. */
const GATEWAY = 'http://127.0.0.1:8510';

/** The portal: a static single-page app. `npm run build:web` writes web/dist. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [cataloguePlugin()],
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: true,
    // No inline scripts or styles: the CSP allows only 'self'.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: {
    proxy: {
      '^/(rounds|uploads|roster-template|local|config.json)': {
        target: GATEWAY,
        // The gateway answers only its own Host and Origin (DNS rebinding, other web pages): requests
        // of this dev server's own page are passed on as the gateway's; any other origin stays as it
        // is, and the gateway refuses it.
        changeOrigin: true,
        configure: (proxy) =>
          proxy.on('proxyReq', (proxyReq, req) => {
            if (req.headers.origin === `http://${req.headers.host}`) proxyReq.setHeader('origin', GATEWAY);
          }),
      },
    },
  },
});
