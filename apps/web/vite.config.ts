import { defineConfig } from 'vite';
import { buildId } from './build/build-id.js';

// In development the API, Socket.IO and the Yjs endpoint are served by the Rostrum server.
const target = process.env.ROSTRUM_SERVER ?? 'http://localhost:8080';

export default defineConfig({
  // dist/build.json: the build id the server reports (/healthz, /metrics) and archives assets under.
  plugins: [buildId()],
  // 'hidden': the maps are written next to the chunks (scripts/bundle-size.mjs reads them, and they
  // decode a stack trace from a report) but the chunks do not name them, and the server never
  // serves a `.map` (http.ts): they would hand the whole source to anyone.
  build: { outDir: 'dist', sourcemap: 'hidden', chunkSizeWarningLimit: 400 },
  server: {
    proxy: {
      '/api': target,
      '/healthz': target,
      '/socket.io': { target, ws: true },
      '/yjs': { target, ws: true },
    },
  },
});
