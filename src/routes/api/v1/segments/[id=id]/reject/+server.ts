import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { apiHandler, methodNotAllowed, readJson } from '$lib/server/http/api';
import { segmentForApi } from '$lib/server/http/access';
import { REVIEW_REASONS } from '$lib/review/transitions';
import { storableText } from '$lib/validation';
import * as review from '$lib/server/review/review';

const rejectSchema = z.object({
	revisionId: z.number({ error: 'revisionId must be the id of the revision you send back.' }).int().positive(),
	reason: z.enum(REVIEW_REASONS as [string, ...string[]], { error: `reason must be one of: ${REVIEW_REASONS.join(', ')}.` }),
	comment: z.string().overwrite(storableText).max(5000, 'Use at most 5,000 characters.').default('')
});

export const POST = apiHandler(async (event) => {
	const { user, segment } = await segmentForApi(event);
	const body = await readJson(event, rejectSchema);
	return json(await review.rejectSegment(segment, user.id, { revisionId: body.revisionId, reason: body.reason as (typeof REVIEW_REASONS)[number], comment: body.comment }));
});

export const fallback = methodNotAllowed(['POST']);
