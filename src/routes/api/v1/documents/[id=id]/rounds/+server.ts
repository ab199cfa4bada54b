import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed } from '$lib/server/http/api';
import { documentForApi } from '$lib/server/http/access';
import { roundListJson } from '$lib/server/http/json';
import * as review from '$lib/server/review/review';

export const GET = apiHandler(async (event) => {
	const { db, doc } = await documentForApi(event);
	const rounds = await review.listRounds(db, doc.id);
	const withSnapshots = await Promise.all(rounds.map(async (round) => ({ round, revisions: await review.roundRevisions(db, doc.id, round.number) })));
	return json(roundListJson(withSnapshots));
});

export const fallback = methodNotAllowed(['GET']);
