/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

// In development, `SANGSAENG_PORT=<port> npm run dev` forwards /api to a real server
// (`sangsaeng demo --port <port>`). There is no mock API: without a server the dev UI
// shows its "cannot reach the server" messages.
const apiPort = process.env.SANGSAENG_PORT;

export default defineConfig({
  plugins: [preact()],
  base: '/',
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    sourcemap: false,
  },
  server: apiPort
    ? { proxy: { '/api': { target: `http://127.0.0.1:${apiPort}`, changeOrigin: false } } }
    : {},
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
