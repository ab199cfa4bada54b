import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed } from '$lib/server/http/api';
import { documentForApi } from '$lib/server/http/access';
import { roundListJson } from '$lib/server/http/json';
import * as review from '$lib/server/review/review';

export const GET = apiHandler(async (event) => {
	const { db, doc } = await documentForApi(event);
	const [rounds, snapshots] = await Promise.all([review.listRounds(db, doc.id), review.roundSnapshots(db, doc.id)]);
	return json(roundListJson(rounds.map((round) => ({ round, revisions: snapshots.get(round.number) ?? new Map() }))));
});

export const fallback = methodNotAllowed(['GET']);
