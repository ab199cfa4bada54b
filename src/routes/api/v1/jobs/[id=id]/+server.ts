import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed } from '$lib/server/http/api';
import { jobJson } from '$lib/server/http/json';
import { jobForApi } from '$lib/server/http/access';

export const GET = apiHandler(async (event) => {
	const { job } = await jobForApi(event);
	// Polled every few seconds while the job runs.
	return json(jobJson(job), { headers: { 'cache-control': 'no-store' } });
});

export const fallback = methodNotAllowed(['GET']);
