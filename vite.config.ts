import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	test: {
		include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
		environment: 'node',
		// PGlite needs 4–6 s to create an in-memory instance.
		testTimeout: 60_000,
		hookTimeout: 120_000,
		pool: 'forks'
	}
});
