import { error, type RequestEvent } from '@sveltejs/kit';
import { ApiError, idParam, requireApiUser } from './api';
import { getDb, type Database } from '../db/db';
import { requireUser, type AuthUser } from '../auth/sessions';
import * as projects from '../projects/projects';
import * as documents from '../documents/documents';
import * as segments from '../documents/segments';
import * as jobs from '../jobs/jobs';

// How a request finds what it acts on: the signed-in user (pages) or the API caller, and the
// project, document or segment with their membership, looked up by the domain. Non-members get
// 404 everywhere so that names do not leak; what a member may do is the verbs' own check.

export interface Caller {
	db: Database;
	user: AuthUser;
}

/** For pages: the signed-in user (else a redirect to the login page that comes back here). */
export function pageCaller(event: RequestEvent): Caller {
	return { db: getDb(), user: requireUser(event) };
}

export function apiCaller(event: RequestEvent): Caller {
	return { db: getDb(), user: requireApiUser(event) };
}

export async function projectForPage(event: RequestEvent): Promise<Caller & { project: projects.ProjectAccess }> {
	const { db, user } = pageCaller(event);
	const project = await projects.findProjectForMember(db, user, { slug: event.params.slug ?? '' });
	if (!project) error(404, { message: 'Project not found.' });
	return { db, user, project };
}

/** The document for a member of its project, reached through that project's slug; 404 otherwise. */
export async function documentForPage(event: RequestEvent): Promise<Caller & { doc: documents.DocumentAccess }> {
	const { db, user } = pageCaller(event);
	const doc = await documents.findDocumentForMember(db, user, idParam(event.params.id));
	if (!doc || doc.project.slug !== event.params.slug) error(404, { message: 'Document not found.' });
	return { db, user, doc };
}

export async function projectForApi(event: RequestEvent): Promise<Caller & { project: projects.ProjectAccess }> {
	const { db, user } = apiCaller(event);
	const project = await projects.findProjectForMember(db, user, { id: idParam(event.params.id) });
	if (!project) throw new ApiError(404, 'not_found', 'No such project.');
	return { db, user, project };
}

export async function documentForApi(event: RequestEvent): Promise<Caller & { doc: documents.DocumentAccess }> {
	const { db, user } = apiCaller(event);
	const doc = await documents.findDocumentForMember(db, user, idParam(event.params.id));
	if (!doc) throw new ApiError(404, 'not_found', 'No such document.');
	return { db, user, doc };
}

export async function segmentForApi(event: RequestEvent): Promise<Caller & { segment: segments.SegmentAccess }> {
	const { db, user } = apiCaller(event);
	const segment = await segments.findSegmentForMember(db, user, idParam(event.params.id));
	if (!segment) throw new ApiError(404, 'not_found', 'No such segment.');
	return { db, user, segment };
}

export async function jobForApi(event: RequestEvent): Promise<Caller & { job: jobs.JobAccess }> {
	const { db, user } = apiCaller(event);
	const job = await jobs.findJobForMember(db, user, idParam(event.params.id));
	if (!job) throw new ApiError(404, 'not_found', 'No such job.');
	return { db, user, job };
}

/** For the pages anyone may post (login, registration): the database, and no one signed in yet. */
export function visitor(): { db: Database } {
	return { db: getDb() };
}
