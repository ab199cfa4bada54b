import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DemoArticle } from '../src/lib/server/demo/demo';

const dir = path.resolve('src/lib/import/fixtures');

/** The demo article read from disk, for the CLI and the e2e server (tsx cannot import ?raw). */
export async function loadDemoArticle(): Promise<DemoArticle> {
	const [source, translation] = await Promise.all([
		readFile(path.join(dir, 'heilongjiang-daily-2023-07-02.zh.txt'), 'utf8'),
		readFile(path.join(dir, 'heilongjiang-daily-2023-07-02.en-mt.txt'), 'utf8')
	]);
	return { source, translation };
}
