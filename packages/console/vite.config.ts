// Vite builds the console into dist/, which `stepwise serve` serves at `/` (see packages/server/src/http/).

import { defineConfig } from 'vite';

// eslint-disable-next-line import-x/no-default-export -- Vite reads its configuration from the default export.
export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000, sourcemap: false },
  // `npm run dev` proxies the API and the live stream to a server started with `npx stepwise serve`.
  server: {
    proxy: {
      '^/$': { target: 'http://127.0.0.1:8083', bypass: (req) => (req.method === 'POST' ? undefined : req.url) },
      '/console/api': 'http://127.0.0.1:8083',
    },
  },
});
