import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		// Both overridable so two test runs on one machine do not build over each other.
		outDir: process.env.SVELTEKIT_OUT_DIR ?? '.svelte-kit',
		adapter: adapter({ out: process.env.BUILD_DIR ?? 'build' })
	}
};

export default config;
