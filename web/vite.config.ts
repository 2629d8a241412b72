import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(webRoot, '..');

/** Vendor code changes rarely: separate chunks stay cached across releases of the app itself. */
function vendorChunk(id: string): string | undefined {
  if (!id.includes('node_modules')) return undefined;
  if (/node_modules\/(react|react-dom|scheduler|react-router)\//.test(id)) return 'react';
  // Icons stay with antd: antd imports them itself, two chunks would import each other.
  if (/node_modules\/(antd|@rc-component|@ant-design|dayjs|rc-[a-z-]+)\//.test(id)) return 'antd';
  // Used by one page each (the gate's scanner and queue): loaded with that page, not by every page.
  if (/node_modules\/(jsqr|idb|uuid)\//.test(id)) return undefined;
  return 'vendor';
}

export default defineConfig({
  root: webRoot,
  plugins: [react()],
  build: {
    outDir: resolve(repoRoot, 'dist/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: { output: { manualChunks: vendorChunk } },
  },
  server: {
    port: 5173,
    // The API server of `npm run dev`; SHOUWANG_API points elsewhere (e.g. a second checkout's server).
    proxy: { '/api': { target: process.env.SHOUWANG_API ?? 'http://localhost:3000', changeOrigin: false } },
  },
});
