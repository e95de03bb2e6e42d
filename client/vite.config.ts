import { defineConfig } from 'vite';

/** The API server; in production it serves client/dist itself, at the same origin. */
const apiOrigin = 'http://localhost:3000';

const proxy = {
  '/api': { target: apiOrigin },
  '/socket.io': { target: apiOrigin, ws: true },
};

export default defineConfig({
  // Pinned to this folder so that building from the repo root gives the same client/dist.
  root: import.meta.dirname,
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  server: { proxy },
  preview: { proxy },
});
