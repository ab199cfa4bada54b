import { defineJob, JobRefusal } from '../jobs/kind';
import { DomainError } from '../errors';
import { runImport } from './tmx-import';
import { storedChunks } from './tmx-chunks';

// The background import of a TMX file too large to read within its request. Its bytes wait in
// tm_import_chunks; a run reads them from the start and stages the units again (runImport
// publishes once per import), so a run after a crash or a retry imports each unit once.

export const tmxImportJob = defineJob<{ importId: number }>(
	'tmx_import',
	async ({ payload, db, signal, progress }) => {
		const upload = await db
			.selectFrom('tmImports')
			.innerJoin('projects', 'projects.id', 'tmImports.projectId')
			.select(['tmImports.projectId', 'tmImports.createdBy', 'tmImports.byteCount', 'projects.sourceLang', 'projects.targetLang'])
			.where('tmImports.id', '=', payload.importId)
			.executeTakeFirst();
		if (!upload) throw new JobRefusal('The uploaded file is gone (its project was deleted).');
		// Progress in kilobytes: a job record's counts are int4, a file may be larger.
		const total = Math.ceil(Number(upload.byteCount ?? 0) / 1024);
		await progress(0, total);
		// The importer's permission was checked when the upload was accepted.
		const target = { projectId: upload.projectId, sourceLang: upload.sourceLang, targetLang: upload.targetLang, actorId: upload.createdBy };
		try {
			const result = await runImport(db, target, payload.importId, storedChunks(db, payload.importId), {
				signal,
				onProgress: (bytes) => progress(Math.min(total, Math.floor(bytes / 1024)), total)
			});
			await progress(total, total);
			return result;
		} catch (e) {
			// Reading the same file again gives the same answer: fail now, without retries.
			if (e instanceof DomainError) throw new JobRefusal(e.message);
			throw e;
		}
	},
	{ expireInSeconds: 60 * 60, retryLimit: 3, retryDelaySeconds: 10 }
);
