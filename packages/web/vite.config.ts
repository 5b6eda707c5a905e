import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Built into dist/ and served by the Trailmap server at `/` (see packages/server/src/web).
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    // ECharts (with zrender) in a chunk of its own name, loaded only by the chart pages.
    rolldownOptions: { output: { advancedChunks: { groups: [{ name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ }] } } },
  },
  // `npm run dev -w @trailmap/web` proxies the API to a running `npm start`.
  server: { proxy: { '/v1': 'http://127.0.0.1:3000', '/web': 'http://127.0.0.1:3000' } },
});
