import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed } from '$lib/server/http/api';
import { projectForApi } from '$lib/server/http/access';
import * as files from '$lib/server/glossary/files';
import { readGlossaryBody } from '$lib/server/glossary/request';
import { importResultJson } from '$lib/server/glossary/json';

export const POST = apiHandler(async (event) => {
	const { db, project } = await projectForApi(event);
	const file = await readGlossaryBody(event);
	return json(importResultJson(await files.importGlossary(db, project, file)));
});

export const fallback = methodNotAllowed(['POST']);
