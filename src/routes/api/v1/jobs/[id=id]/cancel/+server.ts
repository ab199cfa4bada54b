import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed } from '$lib/server/http/api';
import { jobJson } from '$lib/server/http/json';
import { jobForApi } from '$lib/server/http/access';
import * as jobs from '$lib/server/jobs/jobs';

export const POST = apiHandler(async (event) => {
	const { db, job } = await jobForApi(event);
	return json(jobJson(await jobs.cancelJob(db, job)));
});

export const fallback = methodNotAllowed(['POST']);
