import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed, readJsonObject } from '$lib/server/http/api';
import { documentJson } from '$lib/server/http/json';
import { documentForApi } from '$lib/server/http/access';
import type { Database } from '$lib/server/db/db';
import * as documents from '$lib/server/documents/documents';
import * as deletion from '$lib/server/documents/deletion';
import * as review from '$lib/server/review/review';

async function documentBody(db: Database, doc: documents.DocumentAccess) {
	const [segments, status] = await Promise.all([documents.listSegments(db, doc.id), review.getDocumentState(db, doc.id)]);
	return documentJson(doc, status, segments);
}

export const GET = apiHandler(async (event) => {
	const { db, doc } = await documentForApi(event);
	return json(await documentBody(db, doc));
});

export const PATCH = apiHandler(async (event) => {
	const { db, doc } = await documentForApi(event);
	const renamed = await documents.renameDocument(db, doc, await readJsonObject(event));
	return json(await documentBody(db, renamed));
});

export const DELETE = apiHandler(async (event) => {
	const { db, doc } = await documentForApi(event);
	await deletion.deleteDocument(db, doc);
	return new Response(null, { status: 204 });
});

export const fallback = methodNotAllowed(['GET', 'PATCH', 'DELETE']);
