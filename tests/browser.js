import { existsSync } from 'node:fs';

/** The system Chromium to drive, or null to use Playwright's own browser. */
export function systemChromium() {
	const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
	return candidates.find((p) => p && existsSync(p)) ?? null;
}
