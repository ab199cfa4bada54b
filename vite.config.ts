import { sveltekit } from '@sveltejs/kit/vite';
import { configDefaults, defineConfig } from 'vitest/config';

// Tests that need no database although they sit beside code that does.
const DATABASE_FREE = [
	'src/lib/server/auth/login.test.ts',
	'src/lib/server/auth/sessions.test.ts',
	'src/lib/server/auth/throttle.test.ts',
	'src/lib/server/db/pg-statements.test.ts',
	'src/lib/server/db/unavailable.test.ts',
	'src/lib/server/http/api.test.ts',
	'src/lib/server/http/headers.test.ts',
	'src/lib/server/http/origin.test.ts',
	'src/lib/server/http/request-text.test.ts',
	'src/lib/server/publishing/public-cache.test.ts',
	'src/lib/server/webhooks/delivery-outage.test.ts',
	'src/lib/server/webhooks/post.test.ts',
	'scripts/cluster.test.ts',
	'scripts/serve.test.ts',
	'src/routes/architecture.test.ts'
];

// Tests that start Postgres servers, embedded data folders and app processes of their own, on
// both kinds of database whatever TEST_DATABASE_URL says: CI's second pass on the embedded
// database would only run them again.
const OWN_DATABASES = ['scripts/outage.test.ts', 'scripts/jobs-restart.test.ts', 'scripts/live-processes.test.ts'];

export default defineConfig({
	plugins: [sveltekit()],
	test: {
		environment: 'node',
		// PGlite needs 4–6 s to create an in-memory instance.
		testTimeout: 60_000,
		hookTimeout: 120_000,
		pool: 'forks',
		// Integration files spend most of their time waiting on Postgres, a dev server or a child
		// process: four at a time took 236 s where two (one per core here) took 386 s.
		maxWorkers: 4,
		// Every test server sees its clients at 127.0.0.1; the registration limit's own tests set it low.
		env: { REGISTRATIONS_PER_HOUR: '100000' },
		// `vitest --project unit` runs the pure tests in seconds without a database; `vitest run` runs them all.
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					// Pure modules keep no state between files, so workers reuse what they imported:
					// half the time of a fresh module graph per file.
					isolate: false,
					include: ['src/*.test.ts', 'src/!(lib|routes)/**/*.test.ts', 'src/lib/*.test.ts', 'src/lib/!(server)/**/*.test.ts', ...DATABASE_FREE],
					// Named so wherever they sit: they talk to a database.
					exclude: [...configDefaults.exclude, '**/*.integration.test.ts', '**/*.svelte.test.ts']
				}
			},
			{
				extends: true,
				// Svelte's server build runs no effects: tests of what redraws need the browser's.
				resolve: { conditions: ['browser'] },
				test: {
					name: 'reactive',
					include: ['src/**/*.svelte.test.ts'],
					environment: './scripts/vitest-client-environment.ts'
				}
			},
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['src/lib/server/**/*.test.ts', 'src/routes/**/*.test.ts', 'scripts/**/*.test.ts', 'src/**/*.integration.test.ts'],
					exclude: [...configDefaults.exclude, ...DATABASE_FREE, ...OWN_DATABASES]
				}
			},
			{
				extends: true,
				test: { name: 'processes', include: OWN_DATABASES }
			}
		]
	}
});
