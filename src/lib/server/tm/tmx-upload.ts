import { sql } from 'kysely';
import { inTransaction, type Database } from '../db/db';
import { DomainError } from '../errors';
import { requireAllowed } from '../permissions';
import * as jobs from '../jobs/jobs';
import type { ProjectAccess } from '../projects/projects';
import { DEFAULT_MAX_TMX_BYTES } from '../../tm/tmx-read';
import { tmxEncodingProblem } from '../../tm/tmx-decode';
import { createImport, importTmx, type TmxImportResult } from './tmx-import';
import { tmxImportJob } from './tmx-import-job';

// A TMX upload, whichever door it came through (the API's body, the page's file field): a small
// file is read and imported within the request; a larger one is kept in the database, a chunk per
// row, and imported by a background job that any app process may run.

/** The largest file accepted (TMX_IMPORT_MAX_BYTES, 1 GB by default). */
export function maxTmxBytes(): number {
	const asked = Number(process.env.TMX_IMPORT_MAX_BYTES);
	return Number.isSafeInteger(asked) && asked > 0 ? asked : DEFAULT_MAX_TMX_BYTES;
}

/** Files larger than this become a job (TMX_IMPORT_JOB_BYTES, 5 MB by default). */
export function jobThresholdBytes(): number {
	const asked = Number(process.env.TMX_IMPORT_JOB_BYTES);
	return Number.isSafeInteger(asked) && asked >= 0 ? asked : 5_000_000;
}

const CHUNK_BYTES = 1 << 20;

export const sizeText = (bytes: number): string =>
	bytes >= 1e9 ? `${+(bytes / 1e9).toFixed(1)} GB` : bytes >= 1e6 ? `${+(bytes / 1e6).toFixed(1)} MB` : `${bytes.toLocaleString('en')} bytes`;

export function tooLarge(max = maxTmxBytes()): DomainError {
	return new DomainError('payload_too_large', `A TMX file may be at most ${sizeText(max)}. Split it into smaller files and import them one by one.`);
}

export type UploadOutcome = { kind: 'imported'; result: TmxImportResult } | { kind: 'job'; jobId: number };

/**
 * Takes a TMX file as it streams in. `declaredBytes` (Content-Length, a File's size) is checked
 * before anything is read, and the bytes are counted as they come: a body past the limit is
 * refused without being held in memory or kept.
 */
export async function receiveTmx(db: Database, project: ProjectAccess, body: AsyncIterable<Uint8Array>, declaredBytes: number | null): Promise<UploadOutcome> {
	requireAllowed(project, 'manage');
	const max = maxTmxBytes();
	if (declaredBytes !== null && declaredBytes > max) throw tooLarge(max);
	const threshold = jobThresholdBytes();
	const iterator = body[Symbol.asyncIterator]();
	const head: Uint8Array[] = [];
	let received = 0;
	let checked = false;
	// Read up to the threshold: a file that ends within it is imported here and now.
	for (;;) {
		const next = await iterator.next();
		if (next.done) {
			if (received === 0) throw new DomainError('invalid', 'The file is empty. Choose a TMX file to import.');
			return { kind: 'imported', result: await importTmx(db, project, head, { maxBytes: max }) };
		}
		received += next.value.byteLength;
		if (received > max) return refuse(iterator, tooLarge(max));
		head.push(next.value);
		if (!checked && received >= 4) {
			checked = true;
			const problem = tmxEncodingProblem(Buffer.concat(head).subarray(0, 4));
			if (problem) return refuse(iterator, new DomainError('invalid', problem));
		}
		if (received > threshold) break;
	}
	const importId = await createImport(db, { projectId: project.id, sourceLang: project.sourceLang, targetLang: project.targetLang, actorId: project.actor.id });
	try {
		const writer = new ChunkWriter(db, importId);
		for (const piece of head) await writer.write(piece);
		for (;;) {
			const next = await iterator.next();
			if (next.done) break;
			received += next.value.byteLength;
			if (received > max) return await refuse(iterator, tooLarge(max));
			await writer.write(next.value);
		}
		await writer.end();
		return await inTransaction(db, async (trx) => {
			const { jobId } = await jobs.enqueue(trx, tmxImportJob, { importId }, { projectId: project.id, createdBy: project.actor.id });
			await trx.updateTable('tmImports').set({ byteCount: received, jobId }).where('id', '=', importId).execute();
			return { kind: 'job' as const, jobId };
		});
	} catch (e) {
		await db.deleteFrom('tmImports').where('id', '=', importId).execute();
		throw e;
	}
}

async function refuse(iterator: AsyncIterator<Uint8Array>, error: DomainError): Promise<never> {
	// Stop reading: the rest of an oversized body is not wanted.
	await iterator.return?.();
	throw error;
}

/** Gathers small network chunks into rows of about a megabyte. */
class ChunkWriter {
	#pending: Uint8Array[] = [];
	#size = 0;
	#seq = 0;
	constructor(
		private readonly db: Database,
		private readonly importId: number
	) {}

	async write(bytes: Uint8Array): Promise<void> {
		this.#pending.push(bytes);
		this.#size += bytes.byteLength;
		if (this.#size >= CHUNK_BYTES) await this.#flush();
	}

	async end(): Promise<void> {
		if (this.#size > 0) await this.#flush();
	}

	async #flush(): Promise<void> {
		const data = Buffer.concat(this.#pending);
		this.#pending = [];
		this.#size = 0;
		await this.db.insertInto('tmImportChunks').values({ importId: this.importId, seq: this.#seq++, data }).execute();
	}
}

/** Uploads that were never finished (the process died while receiving them) and are a day old. */
export async function forgetAbandonedUploads(db: Database): Promise<void> {
	await db
		.deleteFrom('tmImports')
		.where('jobId', 'is', null)
		.where('completedAt', 'is', null)
		.where('createdAt', '<', sql<Date>`now() - interval '1 day'`)
		.execute();
}
