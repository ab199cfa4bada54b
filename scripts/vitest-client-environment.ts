import type { Environment } from 'vitest/environments';

// Node, but with modules built as for the browser: Svelte compiles runes for the client and
// resolves its client runtime, so effects run and tests can count what redraws. No DOM is faked;
// these tests drive state, not elements.
export default {
	name: 'client-node',
	viteEnvironment: 'client',
	setup() {
		return { teardown() {} };
	}
} satisfies Environment;
