import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed, readJsonObject } from '$lib/server/http/api';
import { projectForApi } from '$lib/server/http/access';
import * as glossary from '$lib/server/glossary/glossary';
import * as entries from '$lib/server/glossary/entries';
import { MAX_GLOSSARY_ENTRIES } from '$lib/server/glossary/schema';
import { entryJson, glossaryListJson } from '$lib/server/glossary/json';

export const GET = apiHandler(async (event) => {
	const { db, project } = await projectForApi(event);
	const search = { q: event.url.searchParams.get('q'), status: event.url.searchParams.get('status') };
	return json(glossaryListJson(await glossary.listEntries(db, project, search, MAX_GLOSSARY_ENTRIES)));
});

export const POST = apiHandler(async (event) => {
	const { db, project } = await projectForApi(event);
	const entry = await entries.addEntry(db, project, await readJsonObject(event));
	return json(entryJson(entry), { status: 201, headers: { location: `/api/v1/projects/${project.id}/glossary/${entry.id}` } });
});

export const fallback = methodNotAllowed(['GET', 'POST']);
