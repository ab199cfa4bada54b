import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase, type DatabaseHandle } from './db';

describe('the embedded database on a folder', () => {
	let dir: string;
	let handle: DatabaseHandle;

	beforeAll(async () => {
		dir = await mkdtemp(path.join(tmpdir(), 'rendition-durable-'));
		handle = await openDatabase({ url: null, dataDir: path.join(dir, 'pglite') });
		await sql`create table saves (id serial primary key, text text not null)`.execute(handle.db);
	});
	afterAll(async () => {
		await handle?.close();
		await rm(dir, { recursive: true, force: true });
	});

	it('runs with fsync on', async () => {
		const { rows } = await sql<{
			fsync: string;
			method: string;
		}>`select current_setting('fsync') as fsync, current_setting('wal_sync_method') as method`.execute(handle.db);
		expect(rows[0]).toEqual({ fsync: 'on', method: 'fsync' });
	});

	it('has the write-ahead log on disk (fsynced) before a commit returns', async () => {
		const synced: string[] = [];
		const realFsync = fs.fsyncSync;
		const fsync = vi.spyOn(fs, 'fsyncSync').mockImplementation((fd: number) => {
			synced.push(fs.readlinkSync(`/proc/self/fd/${fd}`));
			realFsync(fd);
		});
		try {
			await handle.db.transaction().execute((trx) => sql`insert into saves (text) values ('acknowledged')`.execute(trx));
			expect(synced.some((file) => file.includes(`${path.sep}pg_wal${path.sep}`))).toBe(true);
		} finally {
			fsync.mockRestore();
		}
	});
});
