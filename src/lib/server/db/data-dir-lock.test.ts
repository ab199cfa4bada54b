import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lockDataDir } from './data-dir-lock';

let dir: string;
let dataDir: string;
const children: ChildProcess[] = [];

beforeEach(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'rendition-lock-'));
	dataDir = path.join(dir, 'pglite');
});
afterEach(async () => {
	for (const child of children.splice(0)) child.kill('SIGKILL');
	await rm(dir, { recursive: true, force: true });
});

/** A process whose pid is in the lock file, as the app's would be; `script` decides how it ends. */
async function ownedBy(script: string): Promise<number> {
	const child = spawn('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'ignore'] });
	children.push(child);
	const pid = await new Promise<number>((resolve) => child.stdout!.once('data', (d) => resolve(Number(String(d).trim()))));
	await writeFile(`${dataDir}.lock`, String(pid));
	return pid;
}

async function waitForZombie(pid: number): Promise<void> {
	for (let i = 0; i < 100; i++) {
		const { stdout } = await promisify(execFile)('ps', ['-o', 'stat=', '-p', String(pid)]);
		if (stdout.trim().startsWith('Z')) return;
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	throw new Error(`process ${pid} did not become a zombie`);
}

describe('lockDataDir', () => {
	it('waits for an owner that is going away (a restart right after kill -9) instead of refusing', async () => {
		await ownedBy('echo $$; exec sleep 1');
		const started = Date.now();
		const release = await lockDataDir(dataDir);
		expect(Date.now() - started).toBeGreaterThan(500);
		expect(await readFile(`${dataDir}.lock`, 'utf8')).toBe(String(process.pid));
		await release();
	});

	it('takes over from an owner that has exited but not been reaped yet', async () => {
		// The backgrounded sleep exits after its parent has exec'd into a long sleep, which never
		// reaps it. (Exiting at once, a loaded machine may let the shell reap it before the exec.)
		const zombie = await ownedBy('sleep 0.3 & echo $!; exec sleep 30');
		await waitForZombie(zombie);
		const started = Date.now();
		const release = await lockDataDir(dataDir);
		expect(Date.now() - started).toBeLessThan(1_000);
		expect(() => process.kill(zombie, 0)).not.toThrow();
		await release();
	});

	it('refuses a folder whose owner stays, naming it', async () => {
		const owner = await ownedBy('echo $$; exec sleep 30');
		await expect(lockDataDir(dataDir, 300)).rejects.toThrow(`in use by process ${owner}`);
	});

	it('takes over a lock left by a process that no longer exists', async () => {
		await writeFile(`${dataDir}.lock`, '999999999');
		const release = await lockDataDir(dataDir, 0);
		await release();
		await expect(readFile(`${dataDir}.lock`)).rejects.toThrow();
	});
});
