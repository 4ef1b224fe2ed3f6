import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The web app: built into dist/web, which the dashboard server serves (`BUILT_WEB_DIR`). */
export default defineConfig({
  root: fileURLToPath(new URL('./src/web', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // The strict CSP allows no inline script: keep every script a file.
    assetsInlineLimit: 0,
  },
});
