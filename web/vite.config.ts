import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The portal: a static single-page app. `npm run build:web` writes web/dist. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
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
  server: { proxy: { '^/(rounds|uploads|roster-template|local|config.json)': 'http://127.0.0.1:8510' } },
});
