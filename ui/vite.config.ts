import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  plugins: [svelte()],
  // Everything is bundled into files the app serves itself: the CSP allows 'self' only.
  // `npm run dev` against a running `switchboard serve` (SWITCHBOARD_URL, default its address).
  server: { proxy: { '/api': process.env.SWITCHBOARD_URL ?? 'http://127.0.0.1:8765' } },
  build: { outDir: 'dist', emptyOutDir: true, assetsInlineLimit: 0, target: 'es2022' },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    reporters: ['default', './vitest.summary.js'],
  },
});
