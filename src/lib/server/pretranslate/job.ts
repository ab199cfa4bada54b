import { defineJob, type JobContext } from '../jobs/kind';
import { findDocumentForMember } from '../documents/documents';
import { readableProjects } from '../tm/tm';
import { lookupUnits } from '../tm/lookup';
import { engineById, type MtEngine } from '../mt/engines';
import { translateSegments, type SegmentTranslation, type TranslateOptions } from '../mt/translate';
import { projectGlossary } from '../glossary/glossary';
import { PROVIDER_NAMES } from '../../mt/providers';
import { recordAudit } from '../activity/audit';
import { fillSegment, segmentsWithoutTranslation, type PendingSegment } from './fill';
import { pretranslateSettings, type PretranslateMode } from './settings';
import type { Database } from '../db/db';
import type { DocumentAccess } from '../documents/documents';

// The pre-translation job: each segment still without a translation, in order, gets the memory's
// match when one reaches the project's pre-fill score, else the engine's translation, written
// as its first revision by the member who started the job. What fails is reported per segment
// and the segment is left empty, never given a damaged text. A run after a restart starts again
// from the data: filled segments are no longer empty, so nothing is done twice.

export interface PretranslatePayload {
	documentId: number;
	/** Who started it: the author of the revisions, and whose right to translate every write re-checks. */
	userId: number;
	/** 'tm': the memory only (the pre-fill at import); 'all': the memory, then the engine. */
	mode: PretranslateMode;
}

export interface PretranslateResult {
	tm: number;
	mt: number;
	failed: number;
	/** Filled by a person while the job ran (or already filled): left as they are. */
	skipped: number;
}

/** Segments per engine call: small enough that a cancel or a restart loses little, big enough to batch. */
export const MT_BATCH = 20;

/** The kind, with the engine's time limits and backoff (the tests' workers shorten them). */
export function definePretranslateJob(translate: Omit<TranslateOptions, 'signal'> = {}) {
	return defineJob<PretranslatePayload>('pretranslate', (ctx) => runPretranslation(ctx, translate), {
		expireInSeconds: 30 * 60,
		retryLimit: 3,
		retryDelaySeconds: 10
	});
}

export const pretranslateJob = definePretranslateJob();

async function runPretranslation(
	{ payload, db, signal, progress, itemFailed }: JobContext<PretranslatePayload>,
	translate: Omit<TranslateOptions, 'signal'>
): Promise<PretranslateResult> {
	const result: PretranslateResult = { tm: 0, mt: 0, failed: 0, skipped: 0 };
	const doc = await starterAccess(db, payload);
	// A document deleted meanwhile, or a starter who may no longer translate: nothing to write.
	if (!doc) return result;
	const settings = await pretranslateSettings(db, doc.project.id);
	const engine = payload.mode === 'all' && settings.engineId !== null ? await engineById(db, settings.engineId) : null;
	const pending = await segmentsWithoutTranslation(db, doc.id);
	const total = pending.length;
	let done = 0;
	await progress(0, total);
	const projectIds = settings.prefillScore === null ? [] : await readableProjects(db, { ...doc, projectId: doc.project.id });
	const glossary = engine?.provider === 'openai' ? await projectGlossary(db, doc.project.id) : [];

	for (let start = 0; start < pending.length; start += MT_BATCH) {
		signal.throwIfAborted();
		const batch = pending.slice(start, start + MT_BATCH);
		const forEngine: PendingSegment[] = [];
		for (const segment of batch) {
			const match = settings.prefillScore === null ? null : await bestMatch(db, projectIds, segment, settings.prefillScore);
			if (match) {
				signal.throwIfAborted();
				count(result, await fillSegment(db, { segmentId: segment.id, authorId: payload.userId, origin: 'tm', content: match }), 'tm');
				await progress(++done, total);
			} else if (engine) forEngine.push(segment);
			else await progress(++done, total);
		}
		if (!engine || forEngine.length === 0) continue;
		const translations = await translateSegments(
			engine,
			{ sourceLang: doc.project.sourceLang, targetLang: doc.project.targetLang, blocks: forEngine.map((s) => s.source), glossary },
			{ ...translate, signal }
		);
		// A cancelled request says so for every segment: that is the run stopping, not the segments failing.
		signal.throwIfAborted();
		for (const [i, segment] of forEngine.entries()) {
			const problem = failureOf(translations[i], engine);
			if (problem) {
				result.failed++;
				await itemFailed(segment.position, problem);
			} else if (translations[i].ok) {
				const outcome = await fillSegment(db, { segmentId: segment.id, authorId: payload.userId, origin: 'mt', content: translations[i].block });
				if (outcome === 'too_long') {
					result.failed++;
					await itemFailed(segment.position, `${engine.name}’s translation is longer than a segment may be; translate this segment by hand.`);
				} else count(result, outcome, 'mt');
			}
			await progress(++done, total);
		}
	}
	await recordAudit(db, {
		projectId: doc.project.id,
		documentId: doc.id,
		actorId: payload.userId,
		action: 'document.pretranslated',
		details: { mode: payload.mode, ...result, engine: engine?.name ?? null }
	});
	return result;
}

async function starterAccess(db: Database, payload: PretranslatePayload): Promise<DocumentAccess | null> {
	const user = await db.selectFrom('users').select(['id', 'email', 'name', 'role']).where('id', '=', payload.userId).executeTakeFirst();
	if (!user) return null;
	const doc = await findDocumentForMember(db, user, payload.documentId);
	return doc?.may.translate ? doc : null;
}

async function bestMatch(db: Database, projectIds: number[], segment: PendingSegment, minScore: number) {
	const { matches } = await lookupUnits(db, {
		projectIds,
		source: segment.sourceText,
		prevSource: segment.prevSource,
		nextSource: segment.nextSource,
		minScore,
		limit: 1,
		excludeSegmentId: segment.id
	});
	return matches[0]?.target ?? null;
}

function count(result: PretranslateResult, outcome: 'written' | 'taken' | 'too_long', origin: 'tm' | 'mt'): void {
	if (outcome === 'written') result[origin]++;
	else result.skipped++;
}

/**
 * Why an engine's answer is not written, or null when it is fine. A translation whose formatting
 * could not be restored is refused too: a pre-translated segment nobody has looked at must not
 * silently lose its bold or links. The workspace's MT suggestion still offers it, with the warning.
 */
export function failureOf(translation: SegmentTranslation, engine: MtEngine): string | null {
	if (!translation.ok) return translation.error;
	if (translation.formattingLost?.length) {
		return `${PROVIDER_NAMES[engine.provider]} did not keep the formatting (${translation.formattingLost.join(', ')}); the segment was left empty: use the MT suggestion in the workspace or translate it by hand.`;
	}
	return null;
}
