import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '$lib/server/testing/test-db';
import { callApi, expectApiError, useTestServer, type CallOptions } from '$lib/server/testing/http';
import * as auth from '$lib/server/auth/sessions';
import * as comments from '$lib/server/review/comments';
import * as projects from '$lib/server/projects/projects';
import * as tokens from '$lib/server/auth/tokens';
import * as users from '$lib/server/accounts/users';
import type { AuthUser } from '$lib/server/auth/sessions';
import { getDb } from '$lib/server/db/db';
import { segmentAs } from '$lib/server/testing/factories';

// Integration: segment comment threads, @mentions and notifications over HTTP on this file's own
// database (PGlite, or Postgres with TEST_DATABASE_URL). Users, tokens and the project are made
// in beforeAll, before the server's first request; documents are imported through the API.

const database = useTestDatabase();
const server = useTestServer();

let owner: AuthUser;
let translator: AuthUser;
let reviewer: AuthUser;
let ownerToken: string;
let translatorToken: string;
let reviewerToken: string;
let outsiderToken: string;
let project: projects.Project;

beforeAll(async () => {
	const member = async (email: string, name: string) => {
		const user = await users.createUser(getDb(), { email, name, password: 'correct horse battery' });
		return { user, token: (await tokens.createApiToken(getDb(), user, { label: 'tests' })).token };
	};
	({ user: owner, token: ownerToken } = await member('olga@comments.test', 'Olga Owner'));
	({ user: translator, token: translatorToken } = await member('tariq@comments.test', 'Tariq Translator'));
	({ user: reviewer, token: reviewerToken } = await member('rita.r@comments.test', 'Rita Reviewer'));
	({ token: outsiderToken } = await member('otto@comments.test', 'Otto Outsider'));

	project = await projects.createProject(getDb(), owner, { name: 'Harbin Evening News', sourceLang: 'zh-Hans', targetLang: 'en' });
	await projects.addMember(getDb(), (await projects.findProjectForMember(getDb(), owner, { id: project.id }))!, {
		email: translator.email,
		role: 'translator'
	});
	await projects.addMember(getDb(), (await projects.findProjectForMember(getDb(), owner, { id: project.id }))!, { email: reviewer.email, role: 'reviewer' });
});

const call = (path: string, options?: CallOptions) => callApi(server, path, options);

interface CommentBody {
	id: number;
	authorId: number | null;
	author: string | null;
	body: string;
	reviewId: number | null;
	reason: string | null;
	createdAt: string;
	resolvedAt: string | null;
	resolvedBy: string | null;
}

interface NotificationBody {
	id: number;
	kind: string;
	message: string;
	actor: string | null;
	documentId: number;
	segmentId: number | null;
	url: string;
	readAt: string | null;
}

/** A new two-segment document; returns its id and its segments' ids in order. */
async function newDocument(title = 'Festival report'): Promise<{ id: number; segments: number[] }> {
	const res = await call(`/api/v1/projects/${project.id}/documents`, {
		token: translatorToken,
		body: { title, source: '哈尔滨举办文化节。\n\n游客众多。', translation: 'Harbin holds a festival.\n\nMany tourists.', format: 'text' }
	});
	expect(res.status, await res.clone().text()).toBe(201);
	const { id } = await res.json();
	const doc = await (await call(`/api/v1/documents/${id}`, { token: translatorToken })).json();
	return { id, segments: doc.segments.map((s: { id: number }) => s.id) };
}

const commentsPath = (segmentId: number) => `/api/v1/segments/${segmentId}/comments`;

async function listThread(segmentId: number, token = translatorToken): Promise<CommentBody[]> {
	const res = await call(commentsPath(segmentId), { token });
	expect(res.status).toBe(200);
	return (await res.json()).comments;
}

async function post(segmentId: number, body: string, token = translatorToken): Promise<CommentBody> {
	const res = await call(commentsPath(segmentId), { token, body: { body } });
	expect(res.status, await res.clone().text()).toBe(201);
	return res.json();
}

async function inbox(token: string): Promise<{ unread: number; notifications: NotificationBody[] }> {
	const res = await call('/api/v1/notifications', { token });
	expect(res.status).toBe(200);
	return res.json();
}

describe('who may use the comment and notification routes', () => {
	let segmentId: number;
	beforeAll(async () => {
		segmentId = (await newDocument()).segments[0];
	});

	const routes: [string, (id: number) => string, unknown?][] = [
		['GET', commentsPath],
		['POST', commentsPath, { body: 'Hello' }],
		['POST', (id) => `${commentsPath(id)}/resolve`],
		['GET', () => '/api/v1/notifications'],
		['POST', () => '/api/v1/notifications/read', {}]
	];
	for (const [method, path, body] of routes) {
		it(`${method} ${path(0).replace('/0/', '/{id}/')} without a token is 401`, async () => {
			const err = await expectApiError(await call(path(segmentId), { method, body }), 401);
			expect(err.code).toBe('unauthorized');
		});
	}

	for (const [method, path, body] of routes.slice(0, 3)) {
		it(`${method} ${path(0).replace('/0/', '/{id}/')} by a non-member is 404`, async () => {
			await expectApiError(await call(path(segmentId), { method, body, token: outsiderToken }), 404);
		});
	}

	it('is 404 for a segment that does not exist', async () => {
		await expectApiError(await call(commentsPath(2_000_000_000), { token: ownerToken }), 404);
	});

	it('lets every member comment and resolve: owner, translator and reviewer', async () => {
		for (const token of [ownerToken, translatorToken, reviewerToken]) await post(segmentId, 'A note', token);
		const res = await call(`${commentsPath(segmentId)}/resolve`, { method: 'POST', token: reviewerToken });
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({ resolved: 3 });
		expect(await comments.listComments(getDb(), await segmentAs(owner, segmentId))).toHaveLength(3);
	});

	it('stores nothing when a non-member posts', async () => {
		const other = (await newDocument()).segments[0];
		await expectApiError(await call(commentsPath(other), { token: outsiderToken, body: { body: 'Sneaky' } }), 404);
		expect(await comments.listComments(getDb(), await segmentAs(owner, other))).toEqual([]);
	});

	it('refuses a cross-site post made with a browser session', async () => {
		const { token } = await auth.createSession(translator.id);
		const res = await call(commentsPath(segmentId), {
			body: { body: 'From elsewhere' },
			headers: { cookie: `${auth.SESSION_COOKIE}=${token}`, origin: 'https://evil.example' }
		});
		expect((await expectApiError(res, 403)).code).toBe('cross_site');
	});

	it('answers other methods with 405', async () => {
		const res = await call(commentsPath(segmentId), { method: 'DELETE', token: ownerToken });
		expect((await expectApiError(res, 405)).code).toBe('method_not_allowed');
		expect(res.headers.get('allow')).toBe('GET, POST');
	});
});

describe('POST /api/v1/segments/{id}/comments', () => {
	let segmentId: number;
	beforeAll(async () => {
		segmentId = (await newDocument()).segments[1];
	});

	it('adds a comment: 201 with author and time; the thread lists it oldest first', async () => {
		const first = await post(segmentId, '  Is “tourists” right here?  ');
		expect(first).toEqual({
			id: expect.any(Number),
			authorId: translator.id,
			author: 'Tariq Translator',
			body: 'Is “tourists” right here?',
			reviewId: null,
			reason: null,
			createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			resolvedAt: null,
			resolvedBy: null
		});
		const second = await post(segmentId, 'Yes, keep it.', reviewerToken);
		expect((await listThread(segmentId)).map((c) => [c.id, c.author])).toEqual([
			[first.id, 'Tariq Translator'],
			[second.id, 'Rita Reviewer']
		]);
	});

	it.each([
		['an empty body', ''],
		['only spaces and line breaks', ' \n\t '],
		['only control characters', '\u0000\u0007'],
		['more than 5,000 characters', 'x'.repeat(5001)]
	])('refuses %s with 400 naming the body', async (_, body) => {
		const err = await expectApiError(await call(commentsPath(segmentId), { token: translatorToken, body: { body } }), 400, 'body');
		expect(err.code).toBe('invalid');
	});

	it('refuses a missing or non-string body with 400, and a body that is not JSON with 415', async () => {
		await expectApiError(await call(commentsPath(segmentId), { token: translatorToken, body: {} }), 400, 'body');
		await expectApiError(await call(commentsPath(segmentId), { token: translatorToken, body: { body: 42 } }), 400, 'body');
		const res = await call(commentsPath(segmentId), { token: translatorToken, body: 'body=hi', headers: { 'content-type': 'text/plain' } });
		await expectApiError(res, 415);
	});

	it('accepts exactly 5,000 characters and drops NUL and other control characters', async () => {
		expect((await post(segmentId, 'y'.repeat(5000))).body).toHaveLength(5000);
		expect((await post(segmentId, 'tab\there\u0000 and\u0007 bell\nnext line')).body).toBe('tab\there and bell\nnext line');
	});
});

describe('mentions', () => {
	let doc: { id: number; segments: number[] };
	beforeAll(async () => {
		doc = await newDocument('Ice lantern “preview”');
	});

	it('notifies the mentioned member only: not the author, not the others', async () => {
		const before = await Promise.all([ownerToken, translatorToken, reviewerToken].map(inbox));
		await post(doc.segments[1], 'Could @Rita check the term? cc @tariq, @nobody and rita@comments.test', translatorToken);
		const [ownerAfter, translatorAfter, reviewerAfter] = await Promise.all([ownerToken, translatorToken, reviewerToken].map(inbox));

		expect(ownerAfter.unread).toBe(before[0].unread);
		expect(translatorAfter.unread).toBe(before[1].unread);
		expect(reviewerAfter.unread).toBe(before[2].unread + 1);
		expect(reviewerAfter.notifications[0]).toEqual({
			id: expect.any(Number),
			kind: 'mentioned',
			message: 'Tariq Translator mentioned you on segment 2 of “Ice lantern “preview””',
			actor: 'Tariq Translator',
			documentId: doc.id,
			documentTitle: 'Ice lantern “preview”',
			segmentId: doc.segments[1],
			url: `/projects/harbin-evening-news/documents/${doc.id}#segment-${doc.segments[1]}`,
			createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			readAt: null
		});
	});

	it('mentions several members by email local part, full name or full email, each once', async () => {
		const before = await Promise.all([ownerToken, reviewerToken].map(inbox));
		await post(doc.segments[0], '@olga @OlgaOwner @rita.r@comments.test @rita.r.', translatorToken);
		const after = await Promise.all([ownerToken, reviewerToken].map(inbox));
		expect(after.map((a) => a.unread)).toEqual(before.map((b) => b.unread + 1));
	});

	it('does not notify someone who is not a member, even when named exactly', async () => {
		await post(doc.segments[0], '@otto @otto@comments.test', ownerToken);
		expect((await inbox(outsiderToken)).notifications).toEqual([]);
	});
});

describe('resolving and reopening a thread', () => {
	it('resolves every open comment, says by whom, and reopens when someone replies', async () => {
		const segmentId = (await newDocument()).segments[0];
		await post(segmentId, 'First');
		await post(segmentId, 'Second', reviewerToken);
		expect(await comments.commentSummary(getDb(), (await segmentDocument(segmentId)).documentId)).toEqual(new Map([[segmentId, { total: 2, open: 2 }]]));

		const res = await call(`${commentsPath(segmentId)}/resolve`, { method: 'POST', token: ownerToken });
		expect(await res.json()).toEqual({ resolved: 2 });
		const resolved = await listThread(segmentId);
		expect(resolved.map((c) => c.resolvedBy)).toEqual(['Olga Owner', 'Olga Owner']);
		for (const c of resolved) expect(c.resolvedAt).toMatch(/^\d{4}-/);

		const again = await call(`${commentsPath(segmentId)}/resolve`, { method: 'POST', token: ownerToken });
		expect(await again.json()).toEqual({ resolved: 0 });

		await post(segmentId, 'Not quite yet', translatorToken);
		const reopened = await listThread(segmentId);
		expect(reopened.map((c) => [c.body, c.resolvedAt, c.resolvedBy])).toEqual([
			['First', null, null],
			['Second', null, null],
			['Not quite yet', null, null]
		]);
	});

	it('records comments and resolutions in the audit log', async () => {
		const segmentId = (await newDocument()).segments[0];
		await post(segmentId, 'Hello @rita');
		await call(`${commentsPath(segmentId)}/resolve`, { method: 'POST', token: ownerToken });
		const events = await database
			.handle()
			.db.selectFrom('auditEvents')
			.select(['action', 'actorId', 'details'])
			.where('segmentId', '=', segmentId)
			.orderBy('id')
			.execute();
		expect(events).toEqual([
			{ action: 'comment.added', actorId: translator.id, details: { commentId: expect.any(Number), mentioned: [reviewer.id] } },
			{ action: 'comment.thread_resolved', actorId: owner.id, details: { comments: 1 } }
		]);
	});
});

describe('comments a reviewer’s send-back opened', () => {
	it('carry the review’s reason', async () => {
		const segmentId = (await newDocument()).segments[0];
		const db = database.handle().db;
		const segment = await db.selectFrom('segments').select('currentRevisionId').where('id', '=', segmentId).executeTakeFirstOrThrow();
		const review = await db
			.insertInto('segmentReviews')
			.values({
				segmentId,
				revisionId: segment.currentRevisionId!,
				reviewerId: reviewer.id,
				decision: 'changes_requested',
				reason: 'terminology',
				comment: 'Use “ice lantern”.',
				fourEyes: true
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await db.insertInto('comments').values({ segmentId, authorId: reviewer.id, body: 'Use “ice lantern”.', reviewId: review.id }).execute();
		await post(segmentId, 'Done.');
		expect((await listThread(segmentId)).map((c) => [c.body, c.reviewId, c.reason])).toEqual([
			['Use “ice lantern”.', review.id, 'terminology'],
			['Done.', null, null]
		]);
	});
});

describe('notifications', () => {
	it('lists newest first and marks the given ones read, or all of them', async () => {
		const doc = await newDocument('Read receipts');
		for (const n of [1, 2, 3]) await post(doc.segments[0], `Note ${n} for @olga`, n === 2 ? reviewerToken : translatorToken);
		const { unread, notifications: list } = await inbox(ownerToken);
		expect(unread).toBeGreaterThanOrEqual(3);
		const ids = list.map((n) => n.id);
		expect(ids).toEqual([...ids].sort((a, b) => b - a));
		expect(list[0].actor).toBe('Tariq Translator');
		expect(list[1].actor).toBe('Rita Reviewer');

		const res = await call('/api/v1/notifications/read', { token: ownerToken, body: { ids: [list[0].id] } });
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({ unread: unread - 1 });
		const after = await inbox(ownerToken);
		expect(after.notifications[0].readAt).toMatch(/^\d{4}-/);
		expect(after.notifications[1].readAt).toBeNull();

		const all = await call('/api/v1/notifications/read', { token: ownerToken, body: {} });
		expect(await all.json()).toEqual({ unread: 0 });
		expect((await inbox(ownerToken)).notifications.every((n) => n.readAt !== null)).toBe(true);
	});

	it('marks only the caller’s own notifications read', async () => {
		const doc = await newDocument();
		await post(doc.segments[0], 'Ping @rita', ownerToken);
		const theirs = (await inbox(reviewerToken)).notifications[0];
		const res = await call('/api/v1/notifications/read', { token: translatorToken, body: { ids: [theirs.id] } });
		expect(res.status).toBe(200);
		expect((await inbox(reviewerToken)).notifications[0]).toEqual(theirs);
	});

	it.each([
		['ids that are not numbers', { ids: ['1'] }, 'ids.0'],
		['ids that are not a list', { ids: 3 }, 'ids'],
		['too many ids', { ids: Array.from({ length: 1001 }, (_, i) => i + 1) }, 'ids']
	])('refuses %s with 400', async (_, body, field) => {
		await expectApiError(await call('/api/v1/notifications/read', { token: ownerToken, body }), 400, field);
	});

	it('opens a notification from the page with a POST that marks it read and redirects to the segment; no GET marks it', async () => {
		const doc = await newDocument();
		await post(doc.segments[1], 'Over to you, @rita', ownerToken);
		const [mention] = (await inbox(reviewerToken)).notifications;
		const { token } = await auth.createSession(reviewer.id);
		const cookie = `${auth.SESSION_COOKIE}=${token}`;

		// Neither the list nor the notification's old address changes anything on GET.
		expect((await server.fetch('/notifications', { headers: { cookie } })).status).toBe(200);
		expect((await server.fetch(`/notifications/${mention.id}`, { headers: { cookie } })).status).toBe(404);
		expect((await inbox(reviewerToken)).notifications[0].readAt).toBeNull();

		const open = (id: string, headers: Record<string, string> = {}) =>
			server.fetch('/notifications?/open', {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', origin: server.origin, ...headers },
				body: new URLSearchParams({ id }).toString()
			});
		const res = await open(String(mention.id), { cookie });
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe(mention.url);
		expect((await inbox(reviewerToken)).notifications[0].readAt).toMatch(/^\d{4}-/);

		const other = await auth.createSession(translator.id);
		expect((await open(String(mention.id), { cookie: `${auth.SESSION_COOKIE}=${other.token}` })).status).toBe(404);
		expect((await open('x', { cookie })).status).toBe(400);
		const anonymous = await open(String(mention.id));
		expect(anonymous.status).toBe(303);
		expect(anonymous.headers.get('location')).toMatch(/^\/login\?redirectTo=/);
	});

	it('shows nothing to a user who has none', async () => {
		expect(await inbox(outsiderToken)).toEqual({ unread: 0, notifications: [] });
	});
});

async function segmentDocument(segmentId: number): Promise<{ documentId: number }> {
	return database.handle().db.selectFrom('segments').select('documentId').where('id', '=', segmentId).executeTakeFirstOrThrow();
}
