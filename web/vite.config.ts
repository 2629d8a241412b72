import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(webRoot, '..');

/**
 * Vendor code changes rarely: separate chunks stay cached across releases of the app itself.
 * The gate page (gate.html) shares only the `react` chunk with the main app: react-router, antd and
 * the rest of the main app's libraries are kept out of it (e2e/gate-size.test.ts checks its weight).
 */
function vendorChunk(id: string): string | undefined {
  if (!id.includes('node_modules')) return undefined;
  if (/node_modules\/(react|react-dom|scheduler)\//.test(id)) return 'react';
  if (/node_modules\/react-router\//.test(id)) return 'router';
  // Icons stay with antd: antd imports them itself, two chunks would import each other.
  if (/node_modules\/(antd|@rc-component|@ant-design|dayjs|rc-[a-z-]+)\//.test(id)) return 'antd';
  // Used by one page each (the gate's scanner and queue): loaded with that page, not by every page.
  if (/node_modules\/(jsqr|idb|uuid)\//.test(id)) return undefined;
  // What both pages use (zod, i18next and what it needs): one copy, cached once.
  if (
    /node_modules\/(zod|i18next|react-i18next|use-sync-external-store|void-elements|html-parse-stringify)\//.test(
      id,
    )
  )
    return 'shared';
  return 'vendor';
}

export default defineConfig({
  root: webRoot,
  plugins: [react()],
  build: {
    outDir: resolve(repoRoot, 'dist/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    // .vite/manifest.json: which files each page loads, read by e2e/gate-size.test.ts.
    manifest: true,
    rollupOptions: {
      // Two pages: the main app, and the gate page a guard's phone opens at /gate.
      input: { index: resolve(webRoot, 'index.html'), gate: resolve(webRoot, 'gate.html') },
      output: { manualChunks: vendorChunk },
    },
  },
  server: {
    port: 5173,
    // The API server of `npm run dev`; SHOUWANG_API points elsewhere (e.g. a second checkout's server).
    proxy: { '/api': { target: process.env.SHOUWANG_API ?? 'http://localhost:3000', changeOrigin: false } },
  },
});
