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
	timeout: 30_000,
	expect: { timeout: 10_000 },
	reporter: [['list']],
	outputDir: 'test-results',
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
		env: { E2E_PORT: String(port) }
	}
});
