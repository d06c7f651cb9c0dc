import { defineConfig } from 'vite';

// In development the API, Socket.IO and the Yjs endpoint are served by the Rostrum server.
const target = process.env.ROSTRUM_SERVER ?? 'http://localhost:8080';

export default defineConfig({
  build: { outDir: 'dist', sourcemap: true, chunkSizeWarningLimit: 400 },
  server: {
    proxy: {
      '/api': target,
      '/healthz': target,
      '/socket.io': { target, ws: true },
      '/yjs': { target, ws: true },
    },
  },
});
