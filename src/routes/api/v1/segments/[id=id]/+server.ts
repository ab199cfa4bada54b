import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { ApiError, apiHandler, errorResponse, idParam, methodNotAllowed, readJson, requireApiUser } from '$lib/server/http/api';
import { REVIEW_EDITABLE } from '$lib/review/transitions';
import { segmentForApi } from '$lib/server/http/access';
import { conflictResponse } from '$lib/server/http/segment-api';
import { requireCan } from '$lib/server/permissions';
import * as revisions from '$lib/server/documents/revisions';
import { blockSchema } from '$lib/import/input';
import { storableText } from '$lib/validation';
import { blockFromPlainText, isBlock, type Block } from '$lib/import/model';
import { MAX_SEGMENT_CHARS } from '$lib/import/document';

const saveSchema = z
	.object({
		baseRevisionId: z.number({ error: 'baseRevisionId must be the id of the revision you edited, or null.' }).int().positive().nullable(),
		text: z.string().overwrite(storableText).max(MAX_SEGMENT_CHARS, `Use at most ${MAX_SEGMENT_CHARS} characters.`).optional(),
		content: blockSchema.optional(),
		secondsSpent: z.number().min(0).max(86_400).optional(),
		/** An owner editing in review (a reviewer's edits always are). */
		review: z.boolean().optional()
	})
	.refine((b) => b.text !== undefined || b.content !== undefined, { message: 'Send text or content.', path: ['text'] });

export const PUT = apiHandler(async (event) => {
	const user = requireApiUser(event);
	const body = await readJson(event, saveSchema).catch(async (e: unknown) => {
		// A non-member hears 404 about the segment before anything about their body.
		await segmentForApi(event);
		throw e;
	});
	if (!body.review) {
		const saved = await revisions.saveRemembered({
			segmentId: idParam(event.params.id),
			authorId: user.id,
			baseRevisionId: body.baseRevisionId,
			text: body.text,
			content: body.content as Block | undefined,
			secondsSpent: body.secondsSpent
		});
		if (saved) return json({ revisionId: saved.revisionId, state: saved.state, unchanged: false });
	}
	// The careful path: who may do what, conflicts, review edits, unchanged saves.
	const { segment } = await segmentForApi(event);
	const mode = segment.role === 'reviewer' || body.review ? 'review' : 'translate';
	requireCan(segment.role, mode === 'review' ? 'review_edit' : 'translate');
	// Outside review a reviewer has no edit rights at all: that is a permission answer, not a state conflict.
	if (segment.role === 'reviewer' && !REVIEW_EDITABLE.includes(segment.snapshot.state!)) {
		throw new ApiError(403, 'forbidden', 'Reviewers edit segments only while they are in review.');
	}
	const content = body.content ?? blockFromPlainText(body.text ?? '', segment.source);
	if (!isBlock(content)) return errorResponse(400, 'invalid', 'text: Type a translation; a segment cannot be saved empty.', 'text');
	const result = await revisions.saveRevision({
		segmentId: segment.id,
		authorId: user.id,
		content,
		baseRevisionId: body.baseRevisionId,
		secondsSpent: body.secondsSpent,
		locale: segment.targetLang,
		mode
	}, segment.snapshot);
	if (!result.ok) return conflictResponse(result.current, 'Someone saved this segment after the revision you edited. Compare the versions and save again on top of theirs.');
	return json({ revisionId: result.revisionId, state: result.state, unchanged: result.unchanged });
});

export const fallback = methodNotAllowed(['PUT']);
