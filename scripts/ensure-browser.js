// Makes sure Playwright has a Chromium: the system's when installed (Debian's /usr/bin/chromium,
// or CHROMIUM_PATH), otherwise Playwright's own, downloaded once.
import { execSync } from 'node:child_process';
import { systemChromium } from '../tests/browser.js';

if (systemChromium()) {
	console.log(`Using system Chromium at ${systemChromium()}`);
} else {
	console.log('No system Chromium found; installing Playwright’s Chromium…');
	execSync('npx playwright install chromium', { stdio: 'inherit' });
}
