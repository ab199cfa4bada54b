import { readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';

/** How long a lock owner may take to disappear: a killed process of a few hundred MB takes a moment, and is a zombie until its parent reaps it. */
export const LOCK_OWNER_GRACE_MS = 5_000;

/**
 * The embedded database is a folder that only one process may open: a second one (the CLI
 * while the app runs) would corrupt it. A lock file with the owner's pid guards it; a lock
 * left by a process that no longer exists is taken over, and an owner that is still there is
 * given `graceMs` to go away (a restart right after `kill -9`) before the folder is refused.
 */
export async function lockDataDir(dataDir: string, graceMs = LOCK_OWNER_GRACE_MS): Promise<() => Promise<void>> {
	const lockFile = `${dataDir}.lock`;
	const deadline = Date.now() + graceMs;
	for (;;) {
		try {
			await writeFile(lockFile, String(process.pid), { flag: 'wx' });
			return () => rm(lockFile, { force: true });
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
			const owner = Number(await readFile(lockFile, 'utf8').catch(() => ''));
			if (owner && owner !== process.pid && isAlive(owner)) {
				if (Date.now() >= deadline) {
					throw new Error(
						`The embedded database at ${dataDir} is in use by process ${owner}. Stop that process (the app or another CLI command) first, or set DATABASE_URL.`,
						{ cause: e }
					);
				}
				await new Promise((resolve) => setTimeout(resolve, 100));
				continue;
			}
			await rm(lockFile, { force: true });
		}
	}
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
	return !isZombie(pid);
}

/** A process that has exited but not been reaped still answers kill(pid, 0) (Linux tells: state Z in /proc). */
function isZombie(pid: number): boolean {
	try {
		// The state follows the command name, which is in parentheses and may contain spaces.
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
	} catch {
		return false;
	}
}
