import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed } from '$lib/server/http/api';
import { documentForApi } from '$lib/server/http/access';
import * as review from '$lib/server/review/review';

export const GET = apiHandler(async (event) => {
	const { db, doc } = await documentForApi(event);
	const rounds = await review.listRounds(db, doc.id);
	const withSnapshots = await Promise.all(
		rounds.map(async (r) => ({
			number: r.number,
			submittedBy: r.submittedBy,
			note: r.note,
			createdAt: r.createdAt.toISOString(),
			segments: [...(await review.roundRevisions(db, doc.id, r.number))].map(([segmentId, revisionId]) => ({ segmentId, revisionId }))
		}))
	);
	return json({ rounds: withSnapshots });
});

export const fallback = methodNotAllowed(['GET']);
