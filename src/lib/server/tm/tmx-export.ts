import type { Database } from '../db/db';
import { requireAllowed } from '../permissions';
import type { ProjectAccess } from '../projects/projects';
import type { Block } from '../../import/model';
import { writeTmx, type TmWriteUnit } from '../../tm/tmx-write';

// A project's memory as TMX 1.4b: its own current units (never those of memories it reads
// through a share, which belong to other projects), oldest first, read a page at a time so that
// a memory of a million units streams without holding a cursor, or the embedded database's one
// connection, for the whole download.

const PAGE = 1_000;

export interface TmxExport {
	filename: string;
	contentType: string;
	chunks: AsyncGenerator<string>;
}

/** Any member may export; the file is written as it is sent. */
export function exportTmx(db: Database, project: ProjectAccess): TmxExport {
	requireAllowed(project, 'read');
	return {
		filename: `${project.slug}-memory.tmx`,
		contentType: 'application/x-tmx+xml; charset=utf-8',
		chunks: writeTmx(projectUnits(db, project), { sourceLang: project.sourceLang, targetLang: project.targetLang })
	};
}

async function* projectUnits(db: Database, project: ProjectAccess): AsyncGenerator<TmWriteUnit> {
	let after = 0;
	for (;;) {
		const rows = await db
			.selectFrom('tmUnits as u')
			.leftJoin('users', 'users.id', 'u.createdBy')
			.select(['u.id', 'u.source', 'u.target', 'u.createdAt', 'u.authorName', 'users.name as userName', 'u.documentTitle', 'u.prevSource', 'u.nextSource'])
			.where('u.projectId', '=', project.id)
			.where('u.replacedAt', 'is', null)
			.where('u.id', '>', after)
			.orderBy('u.id')
			.limit(PAGE)
			.execute();
		for (const row of rows) {
			yield {
				source: row.source as Block,
				target: row.target as Block,
				createdAt: new Date(row.createdAt),
				createdBy: row.authorName ?? row.userName ?? undefined,
				documentTitle: row.documentTitle ?? undefined,
				projectName: project.name,
				context: { prev: row.prevSource ?? undefined, next: row.nextSource ?? undefined }
			};
		}
		if (rows.length < PAGE) return;
		after = rows[rows.length - 1].id;
	}
}

/** Text chunks as a byte stream for a response; a client that goes away stops the reading. */
export function encodedStream(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
	const encoder = new TextEncoder();
	return new ReadableStream<Uint8Array>({
		async pull(controller) {
			const next = await chunks.next();
			if (next.done) controller.close();
			else controller.enqueue(encoder.encode(next.value));
		},
		async cancel() {
			await chunks.return(undefined);
		}
	});
}
