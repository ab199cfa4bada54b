import type { Database } from '../db/db';

/** The stored bytes of an upload, a row at a time (each its own query: nothing is held open between them). */
export async function* storedChunks(db: Database, importId: number): AsyncGenerator<Uint8Array> {
	for (let seq = 0; ; seq++) {
		const row = await db.selectFrom('tmImportChunks').select('data').where('importId', '=', importId).where('seq', '=', seq).executeTakeFirst();
		if (!row) return;
		yield row.data;
	}
}
