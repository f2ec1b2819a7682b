import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

const backend = process.env.PRIMA_BACKEND_URL ?? 'http://localhost:8080';

export default defineConfig({
  plugins: [react(), tailwindcss()],
  build: {
    outDir: 'dist',
    // scripts/clean-dist.mjs empties dist/ but keeps dist/.gitkeep.
    emptyOutDir: false,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: {
      '/api': backend,
      '/docs': backend,
      '/openapi.yaml': backend,
      '/healthz': backend,
    },
  },
});
