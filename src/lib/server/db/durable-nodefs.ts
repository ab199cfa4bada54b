import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';

// PGlite on a folder (0.5) starts Postgres with fsync off (`-F`), and the Emscripten file system
// under it has no fsync: every write reaches the operating system before a commit returns, so a
// killed process loses nothing, but an acknowledged save could still be lost by an OS crash or a
// power cut, and the folder corrupted. Turning fsync on and giving the file system a real fsync
// makes a commit wait for the disk, as on a Postgres server (measured: about 2 ms a commit here).

interface EmscriptenNodeFs {
	stream_ops: Record<string, unknown> & { fsync?: (stream: { nfd: number }) => unknown };
	tryFSOperation<T>(work: () => T): T;
}

/** NodeFS whose files can be fsynced. */
export class DurableNodeFS extends NodeFS {
	async init(...args: Parameters<NodeFS['init']>): ReturnType<NodeFS['init']> {
		const { emscriptenOpts } = await super.init(...args);
		const giveFsync = (module: { NODEFS?: EmscriptenNodeFs }) => {
			const nodefs = module.NODEFS;
			// Without it Postgres's fsync() would silently do nothing again: refuse to start instead.
			if (!nodefs?.stream_ops || typeof nodefs.tryFSOperation !== 'function') {
				throw new Error('This PGlite version no longer exposes NODEFS: the embedded database cannot fsync.');
			}
			nodefs.stream_ops.fsync = (stream) => nodefs.tryFSOperation(() => fs.fsyncSync(stream.nfd));
		};
		return { emscriptenOpts: { ...emscriptenOpts, preRun: [...(emscriptenOpts.preRun ?? []), giveFsync as (module: unknown) => void] } };
	}
}

/**
 * PGlite's start parameters with fsync on, and WAL flushed with fsync(): the Emscripten
 * fdatasync() Postgres uses by default on Linux is a no-op.
 */
export function durableStartParams(): string[] {
	return [...PGlite.defaultStartParams.filter((p) => p !== '-F'), '-c', 'fsync=on', '-c', 'wal_sync_method=fsync'];
}
