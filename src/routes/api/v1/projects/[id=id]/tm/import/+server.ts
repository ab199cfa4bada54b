import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed } from '$lib/server/http/api';
import { projectForApi } from '$lib/server/http/access';
import * as upload from '$lib/server/tm/tmx-upload';
import { readTmxBody } from '$lib/server/tm/tmx-request';
import { tmxImportJson } from '$lib/server/tm/json';

export const POST = apiHandler(async (event) => {
	const { db, project } = await projectForApi(event);
	const body = await readTmxBody(event);
	const outcome = await upload.receiveTmx(db, project, body.chunks, body.declaredBytes);
	return outcome.kind === 'job' ? json({ jobId: outcome.jobId }, { status: 202 }) : json(tmxImportJson(outcome.result));
});

export const fallback = methodNotAllowed(['POST']);
