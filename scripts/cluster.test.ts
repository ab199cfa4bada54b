import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const primaryScript = path.resolve('scripts/test-fixtures/cluster-primary.js');
let primary: ChildProcess | undefined;

afterEach(() => {
	primary?.kill('SIGKILL');
	primary = undefined;
});

function start(env: Record<string, string>): { child: ChildProcess; output: () => string } {
	let output = '';
	const child = spawn(process.execPath, [primaryScript], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
	child.stdout!.on('data', (d) => (output += d));
	child.stderr!.on('data', (d) => (output += d));
	primary = child;
	return { child, output: () => output };
}

async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, what: string): Promise<T> {
	for (let i = 0; i < 200; i++) {
		const value = await probe();
		if (value !== undefined) return value;
		await new Promise((r) => setTimeout(r, 50));
	}
	throw new Error(`timed out waiting for ${what}`);
}

/**
 * The pids that answer a burst of requests on fresh connections. A request the primary handed
 * to a worker just as it died gets no answer: it times out and counts for nobody.
 */
async function answeringPids(port: number): Promise<Set<number>> {
	const pids = await Promise.all(
		Array.from({ length: 16 }, () =>
			fetch(`http://127.0.0.1:${port}/`, { headers: { connection: 'close' }, signal: AbortSignal.timeout(2_000) })
				.then(async (r) => Number(await r.text()))
				.catch(() => NaN)
		)
	);
	return new Set(pids.filter((pid) => !Number.isNaN(pid)));
}

describe('startCluster', () => {
	it('serves from every worker, replaces one that dies, and stops them all on SIGTERM', async () => {
		const port = 41_700 + Math.floor(Math.random() * 200);
		const { child, output } = start({ WORKERS: '2', PORT: String(port) });
		await waitFor(() => (output().includes('listening') ? true : undefined), 'the first worker');
		const first = await waitFor(async () => {
			const pids = await answeringPids(port);
			return pids.size === 2 ? pids : undefined;
		}, 'two workers');

		const [victim] = first;
		process.kill(victim, 'SIGKILL');
		const replaced = await waitFor(async () => {
			const pids = await answeringPids(port);
			return pids.size === 2 && !pids.has(victim) ? pids : undefined;
		}, 'a replacement worker');
		expect(output()).toContain(`App process ${victim} stopped`);

		child.kill('SIGTERM');
		const [code] = await once(child, 'exit');
		expect(code).toBe(0);
		for (const pid of replaced) expect(() => process.kill(pid, 0)).toThrow();
	});

	it('exits with the first worker’s code when the app cannot start, instead of retrying', async () => {
		const { child, output } = start({ WORKERS: '2', PORT: '0', FAIL_TO_START: '1' });
		const [code] = await once(child, 'exit');
		expect(code).toBe(3);
		expect(output()).toContain('The app did not start');
	});
});
