import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '$lib/server/testing/test-db';
import { callApi, useTestServer } from '$lib/server/testing/http';
import { approvedDocument, createDocument, createTeam, documentAs, submittedDocument, type Team } from '$lib/server/testing/factories';
import { getDb } from '$lib/server/db/db';
import * as auth from '$lib/server/auth/sessions';
import * as tokens from '$lib/server/auth/tokens';
import * as documents from '$lib/server/documents/documents';
import * as publications from '$lib/server/publishing/publications';
import * as review from '$lib/server/review/review';

// Review and publishing input through both doors, the pages' forms and the JSON API: the same
// validation, the same limits (refused, never cut), the same cleaning, and never a 500 — for NUL
// characters in any field, ids past the database's integer range, or numbers that are not ids.

useTestDatabase();
const server = useTestServer();

let team: Team;
const cookie: Record<'owner' | 'translator' | 'reviewer', string> = { owner: '', translator: '', reviewer: '' };
const token: Record<'owner' | 'translator' | 'reviewer', string> = { owner: '', translator: '', reviewer: '' };

beforeAll(async () => {
	team = await createTeam();
	for (const who of ['owner', 'translator', 'reviewer'] as const) {
		cookie[who] = `${auth.SESSION_COOKIE}=${(await auth.createSession(team[who].id)).token}`;
		token[who] = (await tokens.createApiToken(getDb(), team[who], { label: 'tests' })).token;
	}
});

type Who = keyof typeof cookie;

/** Rebuilds a devalue payload (SvelteKit's action data) made of plain objects, arrays and primitives. */
function hydrate(payload: string): unknown {
	const values = JSON.parse(payload) as unknown[];
	const at = (i: number): unknown => {
		if (i === -1) return undefined;
		if (i === -3) return NaN;
		if (i < 0) return null;
		const v = values[i];
		if (Array.isArray(v)) return v.map((j) => at(j as number));
		if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, j]) => [k, at(j as number)]));
		return v;
	};
	return at(0);
}

interface ActionResult {
	status: number;
	type: string;
	data: Record<string, unknown> & { message?: string; field?: string; values?: Record<string, string> };
}

/** Posts a page form as use:enhance does, and reads SvelteKit's action result. */
async function postForm(who: Who, path: string, form: Record<string, string>): Promise<ActionResult> {
	const res = await server.fetch(path, {
		method: 'POST',
		headers: { origin: server.origin, cookie: cookie[who], 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams(form).toString()
	});
	expect(res.status, `${path} answered ${res.status}`).toBeLessThan(500);
	const result = (await res.json()) as { type: string; status?: number; data?: string };
	expect(result.type, `${path}: ${JSON.stringify(result)}`).not.toBe('error');
	return { status: result.status ?? res.status, type: result.type, data: (result.data ? hydrate(result.data) : {}) as ActionResult['data'] };
}

const docPath = (id: number) => `/projects/${team.project.slug}/documents/${id}`;

async function stateOf(segmentId: number) {
	return (await getDb().selectFrom('segments').select('state').where('id', '=', segmentId).executeTakeFirstOrThrow()).state;
}

describe('the submission note', () => {
	it('is cleaned of NUL from the page as from the API (the page answered 500)', async () => {
		const doc = await createDocument(team);
		const result = await postForm('translator', `${docPath(doc.id)}?/submit`, { note: 'Check\u0000 the figures.', includeUnconfirmed: 'true' });
		expect(result).toMatchObject({ type: 'success', status: 200, data: { round: 1, submitted: 1, unconfirmed: 0 } });
		const [round] = await review.listRounds(getDb(), doc.id);
		expect(round.note).toBe('Check the figures.');

		const other = await createDocument(team);
		const res = await callApi(server, `/api/v1/documents/${other.id}/submit`, {
			token: token.translator,
			body: { note: 'Check\u0000 the figures.', includeUnconfirmed: true }
		});
		expect(res.status).toBe(201);
		expect((await review.listRounds(getDb(), other.id))[0].note).toBe('Check the figures.');
	});

	it('over 2,000 characters is refused by the page as by the API, keeping what was typed (the page cut it)', async () => {
		const doc = await createDocument(team);
		const note = 'n'.repeat(2001);
		const result = await postForm('translator', `${docPath(doc.id)}?/submit`, { note });
		expect(result.status).toBe(400);
		expect(result.data).toMatchObject({ field: 'note', message: expect.stringMatching(/2,000 characters/), values: { note } });
		expect(await review.listRounds(getDb(), doc.id)).toEqual([]);

		const res = await callApi(server, `/api/v1/documents/${doc.id}/submit`, { token: token.translator, body: { note } });
		expect(res.status).toBe(400);
		expect((await res.json()).error).toMatchObject({ code: 'invalid', field: 'note', message: result.data.message });

		const exact = await postForm('translator', `${docPath(doc.id)}?/submit`, { note: 'n'.repeat(2000), includeUnconfirmed: 'true' });
		expect(exact.type).toBe('success');
		expect((await review.listRounds(getDb(), doc.id))[0].note).toHaveLength(2000);
	});
});

describe('sending a segment back from the review page', () => {
	it('cleans NUL from the comment as the API does (the page answered 500)', async () => {
		const doc = await submittedDocument(team);
		const [segment] = doc.segments;
		const result = await postForm('reviewer', `${docPath(doc.id)}/review?/reject`, {
			segmentId: String(segment.id),
			revisionId: String(segment.revisionId),
			reason: 'terminology',
			comment: 'It is the\u0000 Ten Million Project.'
		});
		expect(result).toMatchObject({ type: 'success', data: { sentBack: true } });
		const info = (await review.reviewInfo(getDb(), doc.id)).get(segment.id)!;
		expect(info.lastReview?.comment).toBe('It is the Ten Million Project.');
	});

	it('refuses a comment over 5,000 characters as the API does, keeping what was typed (the page cut it)', async () => {
		const doc = await submittedDocument(team);
		const [segment] = doc.segments;
		const comment = 'c'.repeat(5001);
		const form = { segmentId: String(segment.id), revisionId: String(segment.revisionId), reason: 'style', comment };
		const result = await postForm('reviewer', `${docPath(doc.id)}/review?/reject`, form);
		expect(result.status).toBe(400);
		expect(result.data).toMatchObject({ field: 'comment', message: expect.stringMatching(/5,000 characters/), values: form });
		expect(await stateOf(segment.id)).toBe('submitted');

		const res = await callApi(server, `/api/v1/segments/${segment.id}/reject`, {
			token: token.reviewer,
			body: { revisionId: segment.revisionId, reason: 'style', comment }
		});
		expect(res.status).toBe(400);
		expect((await res.json()).error).toMatchObject({ field: 'comment', message: result.data.message });
	});

	it('asks for a reason the same way through both doors', async () => {
		const doc = await submittedDocument(team);
		const [segment] = doc.segments;
		const result = await postForm('reviewer', `${docPath(doc.id)}/review?/reject`, {
			segmentId: String(segment.id),
			revisionId: String(segment.revisionId),
			reason: 'wrong'
		});
		expect(result).toMatchObject({ status: 400, data: { field: 'reason' } });
		const res = await callApi(server, `/api/v1/segments/${segment.id}/reject`, {
			token: token.reviewer,
			body: { revisionId: segment.revisionId, reason: 'wrong' }
		});
		expect((await res.json()).error).toMatchObject({ field: 'reason', message: result.data.message });
	});
});

describe('ids in the review and rollback forms', () => {
	const NOT_IDS = ['99999999999', '2147483648', '0x2', '1e1', ' 2', '2.0', '-1', '0', ''];

	it('are parsed strictly: past int4 or not decimal digits is a 400, never a 500', async () => {
		const doc = await submittedDocument(team);
		const [segment] = doc.segments;
		for (const action of ['approve', 'reject']) {
			for (const bad of NOT_IDS) {
				const base = { segmentId: String(segment.id), revisionId: String(segment.revisionId), reason: 'style' };
				for (const field of ['segmentId', 'revisionId'] as const) {
					const result = await postForm('reviewer', `${docPath(doc.id)}/review?/${action}`, { ...base, [field]: bad });
					expect(result.status, `${action} ${field}=${JSON.stringify(bad)}`).toBe(400);
					expect(result.data.field).toBe(field);
				}
			}
		}
		expect(await stateOf(segment.id)).toBe('submitted');
		for (const bad of [99999999999, 2.5, '1e1', '0x2', ' 2']) {
			const res = await callApi(server, `/api/v1/segments/${segment.id}/approve`, { token: token.reviewer, body: { revisionId: bad } });
			expect(res.status, `revisionId ${JSON.stringify(bad)}`).toBe(400);
		}
	});

	it('name a segment of this document, else 404; a well-formed form still approves', async () => {
		const doc = await submittedDocument(team);
		const other = await submittedDocument(team);
		const [segment] = doc.segments;
		const elsewhere = await postForm('reviewer', `${docPath(doc.id)}/review?/approve`, {
			segmentId: String(other.segments[0].id),
			revisionId: String(other.segments[0].revisionId)
		});
		expect(elsewhere.status).toBe(404);
		const missing = await postForm('reviewer', `${docPath(doc.id)}/review?/approve`, { segmentId: '2147483647', revisionId: '1' });
		expect(missing.status).toBe(404);
		const ok = await postForm('reviewer', `${docPath(doc.id)}/review?/approve`, { segmentId: String(segment.id), revisionId: String(segment.revisionId) });
		expect(ok).toMatchObject({ type: 'success', data: { approved: true, documentApproved: true } });
	});

	it('in the rollback form are a 400, or a 404 for a version the document does not have', async () => {
		const doc = await approvedDocument(team);
		await publications.publishDocument(getDb(), await documentAs(team.owner, doc.id));
		for (const bad of NOT_IDS) {
			const result = await postForm('owner', `${docPath(doc.id)}/publish?/rollback`, { version: bad });
			expect(result.status, `version=${JSON.stringify(bad)}`).toBe(400);
			expect(result.data).toMatchObject({ field: 'version', message: 'Choose the version to make current.', values: { version: bad } });
		}
		expect((await postForm('owner', `${docPath(doc.id)}/publish?/rollback`, { version: '7' })).status).toBe(404);
		expect((await postForm('owner', `${docPath(doc.id)}/publish?/rollback`, { version: '1' })).status).toBe(409);
	});
});

describe('the project settings forms', () => {
	const membersPath = () => `/projects/${team.project.slug}/members`;

	it('take the publish limit as a percentage, strictly, with the same message beside the field', async () => {
		for (const bad of ['101', '-1', '1e1', '0x10', 'ten', '5\u0000']) {
			const result = await postForm('owner', `${membersPath()}?/publishLimit`, { maxUnmodifiedMt: bad });
			expect(result.status, `maxUnmodifiedMt=${JSON.stringify(bad)}`).toBe(400);
			expect(result.data).toEqual({ limit: { value: bad, error: 'Enter a percentage from 0 to 100, or leave it empty for no limit.' } });
		}
		const set = await postForm('owner', `${membersPath()}?/publishLimit`, { maxUnmodifiedMt: ' 12,5 ' });
		expect(set.data.changed).toBe('Documents with more than 12.5 % unmodified MT are not published.');
		expect(await publications.maxUnmodifiedMtOf(getDb(), team.project.id)).toBe(0.125);
		const cleared = await postForm('owner', `${membersPath()}?/publishLimit`, { maxUnmodifiedMt: '' });
		expect(cleared.data.changed).toBe('Publishing has no limit on unmodified MT.');
		expect(await publications.maxUnmodifiedMtOf(getDb(), team.project.id)).toBeNull();
	});

	it('turn four-eyes on and off with the checkbox; anything else is a 400', async () => {
		expect((await postForm('owner', `${membersPath()}?/fourEyes`, {})).data.changed).toBe('Four-eyes review is off.');
		expect(await review.fourEyesOf(getDb(), team.project.id)).toBe(false);
		expect((await postForm('owner', `${membersPath()}?/fourEyes`, { fourEyes: 'on\u0000' })).status).toBe(400);
		expect((await postForm('owner', `${membersPath()}?/fourEyes`, { fourEyes: 'on' })).data.changed).toBe('Four-eyes review is on.');
		expect(await review.fourEyesOf(getDb(), team.project.id)).toBe(true);
	});
});

describe('a NUL character in any field', () => {
	it('of every review, publishing, settings and notification form is never a 500', async () => {
		const submitted = await submittedDocument(team);
		const approved = await approvedDocument(team);
		await publications.publishDocument(getDb(), await documentAs(team.owner, approved.id));
		const draft = await createDocument(team);
		const [seg] = submitted.segments;
		const forms: [Who, string, Record<string, string>][] = [
			['translator', `${docPath(draft.id)}?/submit`, { note: 'A note.', includeUnconfirmed: 'true' }],
			['reviewer', `${docPath(submitted.id)}/review?/approve`, { segmentId: String(seg.id), revisionId: String(seg.revisionId) }],
			[
				'reviewer',
				`${docPath(submitted.id)}/review?/reject`,
				{ segmentId: String(seg.id), revisionId: String(seg.revisionId), reason: 'style', comment: 'Too stiff.' }
			],
			['reviewer', `${docPath(submitted.id)}/review?/approveAll`, { extra: 'x' }],
			['owner', `${docPath(approved.id)}/publish?/publish`, { extra: 'x' }],
			['owner', `${docPath(approved.id)}/publish?/rollback`, { version: '1' }],
			['owner', `${docPath(approved.id)}/publish?/unpublish`, { extra: 'x' }],
			['owner', `/projects/${team.project.slug}/members?/fourEyes`, { fourEyes: 'on' }],
			['owner', `/projects/${team.project.slug}/members?/publishLimit`, { maxUnmodifiedMt: '50' }],
			['owner', `/notifications?/readAll`, { extra: 'x' }],
			['owner', `/notifications?/open`, { id: '1' }]
		];
		for (const [who, path, form] of forms) {
			for (const field of Object.keys(form)) {
				for (const value of [`${form[field]}\u0000`, '\u0000']) {
					const result = await postForm(who, path, { ...form, [field]: value });
					expect([200, 400, 403, 404, 409], `${path} ${field}=${JSON.stringify(value)} → ${result.status}`).toContain(result.status);
				}
			}
		}
		// Put the limit back for the tests that publish.
		await postForm('owner', `/projects/${team.project.slug}/members?/publishLimit`, { maxUnmodifiedMt: '' });
	});

	it('of every review, comment, publishing and notification API route is never a 500', async () => {
		const submitted = await submittedDocument(team);
		const approved = await approvedDocument(team);
		const draft = await createDocument(team);
		const [seg] = submitted.segments;
		const routes: [Who, string, Record<string, unknown>][] = [
			['translator', `/api/v1/documents/${draft.id}/submit`, { note: 'A note.', includeUnconfirmed: true }],
			['reviewer', `/api/v1/segments/${seg.id}/approve`, { revisionId: seg.revisionId }],
			['reviewer', `/api/v1/segments/${seg.id}/reject`, { revisionId: seg.revisionId, reason: 'style', comment: 'Too stiff.' }],
			['reviewer', `/api/v1/segments/${seg.id}/comments`, { body: 'A comment.' }],
			['reviewer', `/api/v1/segments/${seg.id}/comments/resolve`, { extra: 'x' }],
			['owner', `/api/v1/documents/${approved.id}/publish`, { extra: 'x' }],
			['owner', `/api/v1/notifications/read`, { ids: [1] }]
		];
		for (const [who, path, body] of routes) {
			for (const field of Object.keys(body)) {
				for (const value of [`${String(body[field])}\u0000`, '\u0000', ['\u0000']]) {
					const res = await callApi(server, path, { token: token[who], body: { ...body, [field]: value } });
					expect(res.status, `${path} ${field}=${JSON.stringify(value)}`).toBeLessThan(500);
					expect(res.headers.get('content-type')).toMatch(/^application\/json/);
				}
			}
		}
	});

	it('is cleaned from a comment and refused in an id, the same through the API as the page', async () => {
		const doc = await submittedDocument(team);
		const [seg] = doc.segments;
		const posted = await callApi(server, `/api/v1/segments/${seg.id}/comments`, { token: token.translator, body: { body: 'Fine\u0000 by me.' } });
		expect(posted.status).toBe(201);
		expect((await posted.json()).body).toBe('Fine by me.');
		const res = await callApi(server, `/api/v1/notifications/read`, { token: token.translator, body: { ids: ['1\u0000'] } });
		expect(res.status).toBe(400);
		expect((await res.json()).error.field).toBe('ids.0');
		expect((await documents.listSegments(getDb(), doc.id))[0].state).toBe('submitted');
	});
});
