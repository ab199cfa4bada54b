import { defineConfig, devices } from '@playwright/test';
import { systemChromium } from './tests/browser.js';

const port = Number(process.env.E2E_PORT ?? 4173);
const chromium = systemChromium();

export default defineConfig({
	testDir: 'tests',
	testMatch: '**/*.spec.ts',
	fullyParallel: true,
	forbidOnly: true,
	retries: 0,
	workers: process.env.CI ? 2 : undefined,
	// Whole user journeys of many steps with axe checks, two at a time on a 2-core machine beside
	// the server: 30 s left the longest with no margin. A stuck step still fails on its own 10 s.
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: [['list']],
	// A run on its own E2E_PORT (several at once while developing) keeps its own results folder:
	// each run empties the folder it writes to.
	outputDir: process.env.E2E_PORT ? `test-results-${port}` : 'test-results',
	use: {
		baseURL: `http://localhost:${port}`,
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		launchOptions: {
			executablePath: chromium ?? undefined,
			args: chromium
				? ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
				: []
		}
	},
	projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
	webServer: {
		// Builds the app, then serves it on a fresh database: TEST_DATABASE_URL's server when set
		// (demo data seeded through the CLI path), else a new embedded database in demo mode.
		command: 'npm run build && npx tsx scripts/e2e-server.ts',
		url: `http://localhost:${port}/login`,
		timeout: 240_000,
		reuseExistingServer: false,
		stdout: 'ignore',
		// REQUEST_TIMEOUT short enough for tests/slow-client.spec.ts to see it cut a slow client off.
		env: { E2E_PORT: String(port), REQUEST_TIMEOUT: '6' }
	}
});
