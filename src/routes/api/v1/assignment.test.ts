import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '$lib/server/testing/test-db';
import { apiClientFor, callApi, expectApiError, pageOutcome, useTestServer, type CallOptions } from '$lib/server/testing/http';
import { createDocument, createTeam, type Team } from '$lib/server/testing/factories';
import { getDb } from '$lib/server/db/db';
import * as auth from '$lib/server/auth/sessions';
import * as tokens from '$lib/server/auth/tokens';
import * as audit from '$lib/server/activity/audit';
import { daysFrom } from '$lib/assignments/due';

// GET and PUT /api/v1/documents/{id}/assignment, and the project page's assign form and sorted
// document list that sit on the same verbs.

useTestDatabase();
const server = useTestServer();

type Who = 'owner' | 'translator' | 'reviewer' | 'outsider';
let team: Team;
const tokenOf = {} as Record<Who, string>;
const cookieOf = {} as Record<Who, string>;
const due = daysFrom(new Date(), 5);

beforeAll(async () => {
	team = await createTeam({ name: 'Assignment API' });
	for (const who of ['owner', 'translator', 'reviewer', 'outsider'] as const) {
		tokenOf[who] = (await tokens.createApiToken(getDb(), team[who], { label: 'tests' })).token;
		cookieOf[who] = `${auth.SESSION_COOKIE}=${(await auth.createSession(team[who].id)).token}`;
	}
});

const call = (who: Who | null, path: string, options: CallOptions = {}) => callApi(server, path, { ...options, token: who ? tokenOf[who] : undefined });
const put = (who: Who | null, documentId: number, body: unknown) => call(who, `/api/v1/documents/${documentId}/assignment`, { method: 'PUT', body });

describe('PUT /api/v1/documents/{id}/assignment', () => {
	it('assigns for an owner: 200 with the assignment, which every member then reads, and the assignees are notified with a link', async () => {
		const doc = await createDocument(team, { title: 'Harbin ice festival' });
		const res = await put('owner', doc.id, { translatorId: team.translator.id, reviewerId: team.reviewer.id, dueDate: due });
		expect(res.status).toBe(200);
		const body = await res.json();
		expect(body).toEqual({
			documentId: doc.id,
			translator: { id: team.translator.id, name: team.translator.name },
			reviewer: { id: team.reviewer.id, name: team.reviewer.name },
			dueDate: due,
			assignedBy: team.owner.name,
			updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/)
		});
		for (const who of ['translator', 'reviewer'] as const) {
			expect(await (await call(who, `/api/v1/documents/${doc.id}/assignment`)).json()).toEqual(body);
		}
		const translatorApi = apiClientFor(server, tokenOf.translator);
		expect(await translatorApi.documents.assignment(doc.id)).toEqual(body);
		const { notifications, unread } = await translatorApi.notifications.list();
		const notice = notifications.find((n) => n.documentId === doc.id);
		expect(notice).toMatchObject({ kind: 'assigned', actor: team.owner.name, url: `/projects/${team.project.slug}/documents/${doc.id}`, readAt: null });
		expect(notice?.message).toContain('assigned you to translate “Harbin ice festival”');
		expect(unread).toBeGreaterThan(0);
		expect((await apiClientFor(server, tokenOf.owner).notifications.list()).notifications.filter((n) => n.documentId === doc.id)).toEqual([]);
		const [event] = await audit.listAudit(getDb(), { documentId: doc.id });
		expect(event.action).toBe('document.assigned');
	});

	it('leaves omitted fields alone and clears those sent as null', async () => {
		const doc = await createDocument(team);
		const api = apiClientFor(server, tokenOf.owner);
		await api.documents.assign(doc.id, { translatorId: team.translator.id, dueDate: due });
		expect(await api.documents.assign(doc.id, { reviewerId: team.reviewer.id })).toMatchObject({ translator: { id: team.translator.id }, dueDate: due });
		expect(await api.documents.assign(doc.id, { dueDate: null, translatorId: null })).toMatchObject({
			translator: null,
			reviewer: { id: team.reviewer.id },
			dueDate: null
		});
		expect(await api.documents.assign(doc.id, {})).toMatchObject({ reviewer: { id: team.reviewer.id } });
	});

	it('refuses what cannot be assigned with 400 naming the field, changing nothing', async () => {
		const doc = await createDocument(team);
		await expectApiError(await put('owner', doc.id, { translatorId: String(team.translator.id) }), 400, 'translatorId');
		await expectApiError(await put('owner', doc.id, { translatorId: team.outsider.id }), 400, 'translatorId');
		await expectApiError(await put('owner', doc.id, { reviewerId: team.translator.id }), 400, 'reviewerId');
		await expectApiError(await put('owner', doc.id, { translatorId: team.owner.id, reviewerId: team.owner.id }), 400, 'reviewerId');
		await expectApiError(await put('owner', doc.id, { dueDate: '2026-02-30' }), 400, 'dueDate');
		await expectApiError(await put('owner', doc.id, { dueDate: daysFrom(new Date(), -3) }), 400, 'dueDate');
		await expectApiError(await put('owner', doc.id, [team.translator.id]), 400, 'body');
		expect(await (await call('owner', `/api/v1/documents/${doc.id}/assignment`)).json()).toMatchObject({ translator: null, reviewer: null, dueDate: null });
	});

	it('is 403 for translators and reviewers, 404 for non-members and unknown documents, 401 without a token', async () => {
		const doc = await createDocument(team);
		const body = { translatorId: team.translator.id };
		for (const who of ['translator', 'reviewer'] as const) expect((await expectApiError(await put(who, doc.id, body), 403)).code).toBe('forbidden');
		expect((await expectApiError(await put('outsider', doc.id, body), 404)).code).toBe('not_found');
		await expectApiError(await call('outsider', `/api/v1/documents/${doc.id}/assignment`), 404);
		await expectApiError(await put('owner', 2_000_000_000, body), 404);
		await expectApiError(await put(null, doc.id, body), 401);
		await expectApiError(await call(null, `/api/v1/documents/${doc.id}/assignment`), 401);
		await expectApiError(await call('owner', `/api/v1/documents/${doc.id}/assignment`, { method: 'POST', body }), 405);
		expect(await (await call('owner', `/api/v1/documents/${doc.id}/assignment`)).json()).toMatchObject({ translator: null });
	});
});

describe('the project page', () => {
	const page = () => `/projects/${team.project.slug}`;
	const postAssign = (who: Who, form: Record<string, string>) =>
		server.fetch(`${page()}?/assign`, {
			method: 'POST',
			headers: { origin: server.origin, cookie: cookieOf[who], 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams(form).toString()
		});

	it('assigns through its form for an owner (an empty choice is nobody), and refuses others', async () => {
		const doc = await createDocument(team, { title: 'Assigned by form' });
		const form = { documentId: String(doc.id), translatorId: String(team.translator.id), reviewerId: '', dueDate: due };
		expect(await pageOutcome(await postAssign('translator', form))).toBe('403');
		expect(await pageOutcome(await postAssign('outsider', form))).toBe('404');
		expect(await pageOutcome(await postAssign('owner', { ...form, reviewerId: String(team.translator.id) }))).toBe('400');
		expect(await pageOutcome(await postAssign('owner', form))).toBe('yes');
		expect(await apiClientFor(server, tokenOf.owner).documents.assignment(doc.id)).toMatchObject({
			translator: { id: team.translator.id },
			reviewer: null,
			dueDate: due
		});
	});

	it('draws the assign form for owners only, and sorts the list as the query says', async () => {
		const sortTeam = await createTeam();
		const first = await createDocument(sortTeam, { title: 'Due later' });
		const second = await createDocument(sortTeam, { title: 'Due soon' });
		await createDocument(sortTeam, { title: 'No due date' });
		const api = apiClientFor(server, (await tokens.createApiToken(getDb(), sortTeam.owner, { label: 'sort' })).token);
		await api.documents.assign(first.id, { dueDate: daysFrom(new Date(), 9) });
		await api.documents.assign(second.id, { dueDate: daysFrom(new Date(), 2) });
		const html = async (who: 'owner' | 'translator', query: string) => {
			const cookie = `${auth.SESSION_COOKIE}=${(await auth.createSession(sortTeam[who].id)).token}`;
			return (await server.fetch(`/projects/${sortTeam.project.slug}${query}`, { headers: { cookie } })).text();
		};
		const order = (text: string) => ['Due soon', 'Due later', 'No due date'].sort((a, b) => text.indexOf(`>${a}<`) - text.indexOf(`>${b}<`));
		const ascending = await html('owner', '?sort=due&dir=asc');
		expect(order(ascending)).toEqual(['Due soon', 'Due later', 'No due date']);
		expect(ascending).toMatch(/aria-sort="ascending"/);
		expect(ascending).toContain('action="?/assign"');
		const descending = await html('translator', '?sort=due&dir=desc');
		expect(order(descending)).toEqual(['Due later', 'Due soon', 'No due date']);
		expect(descending).toMatch(/aria-sort="descending"/);
		expect(descending).not.toContain('?/assign');
		expect(ascending).not.toContain('Overdue');
		// A due date that has passed is said in words, not only shown in red.
		await getDb()
			.updateTable('documentAssignments')
			.set({ dueDate: daysFrom(new Date(), -2) })
			.where('documentId', '=', second.id)
			.execute();
		expect(await html('translator', '')).toContain('>Overdue<');
	});
});
