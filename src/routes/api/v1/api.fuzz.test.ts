import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '$lib/server/testing/test-db';
import { useTestServer } from '$lib/server/testing/http';
import {
	approvedDocument,
	createDocument,
	createJobQueues,
	createTeam,
	createUser,
	editSegment,
	queuedJob,
	submittedDocument,
	type Team
} from '$lib/server/testing/factories';
import { NOT_IDS, NOT_UTF8_TEXT, excerpt, jsonVariants, notUtf8Json, notUtf8Query, withNul } from '$lib/server/testing/fuzz';
import { SESSION_COOKIE, createSession } from '$lib/server/auth/sessions';
import { getDb } from '$lib/server/db/db';
import { documentAs, segmentAs } from '$lib/server/testing/factories';
import * as qa from '$lib/server/qa/qa';
import * as ignores from '$lib/server/qa/ignores';
import * as glossaryEntries from '$lib/server/glossary/entries';
import * as mtEngines from '$lib/server/mt/engines';
import * as users from '$lib/server/accounts/users';
import * as projects from '$lib/server/projects/projects';
import { setTmSettings } from '$lib/server/tm/tm';
import * as shares from '$lib/server/tm/shares';
import { daysFrom } from '$lib/assignments/due';

// Every JSON API route and method, called by a project owner with a valid-looking request, then
// with a NUL in each string of the body or query in turn, each number replaced by numbers that
// are not ids (beyond int4, negative, fractional, written as a string: "0x2", "1e1", " 2"), and
// ids in the path that are not ids. No answer may be a 5xx, and a field named like an id must
// refuse a non-id. Text that cannot be read as sent is refused, never stored: a body that is not
// UTF-8 is 400 invalid_json, a lone surrogate in any string of it 400, a declared charset other
// than UTF-8 415, a query value that is not UTF-8 400. The list below must name every route
// file's methods: a new route fails the last test until it is added here.

useTestDatabase();
const server = useTestServer();

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface Request {
	path: string;
	query?: Record<string, string>;
	/** Omitted: the route takes no body. */
	body?: unknown;
}

interface ApiCase {
	/** The route file under src/routes/api/v1, as its folder: `documents/[id=id]/submit`. */
	route: string;
	method: Method;
	/** Tells apart two cases of one route. */
	as?: string;
	/** A POST that takes no body (and so reads none). */
	noBody?: true;
	/** Called by a server administrator rather than the owner. */
	admin?: true;
	/** A fresh, valid request: called again whenever a request may have used the last one up. */
	request(): Promise<Request>;
}

let team: Team;
let cookie: string;
let adminCookie: string;

beforeAll(async () => {
	// The first account becomes an administrator: the owner here is an ordinary user.
	const admin = await createUser({ name: 'First Account', email: 'first@fuzz.test' });
	team = await createTeam();
	cookie = `${SESSION_COOKIE}=${(await createSession(team.owner.id)).token}`;
	adminCookie = `${SESSION_COOKIE}=${(await createSession(admin.id)).token}`;
	await createJobQueues();
});

let prefilled: projects.ProjectAccess | undefined;
/** A document without MT in a project of the owner's that pre-fills from its memory: something to pre-translate. */
async function untranslated() {
	if (!prefilled) {
		prefilled = await projects.createProject(getDb(), team.owner, { name: 'Pre-filled', sourceLang: 'zh-Hans', targetLang: 'en' });
		await setTmSettings(getDb(), prefilled, { minScore: 50, prefillScore: 100 });
	}
	return createDocument({ project: prefilled, translator: team.owner }, { mt: null, source: ['第一段。'] });
}

const two = { mt: ['One.', 'Two.'] };
const draft = () => createDocument(team, two);
const submitted = () => submittedDocument(team, two);
async function published() {
	const doc = await approvedDocument(team);
	const res = await send('POST', `/api/v1/documents/${doc.id}/publish`);
	if (res.status !== 201) throw new Error(`set-up: publishing answered ${res.status}: ${excerpt(await res.text())}`);
	return doc;
}
let terms = 0;
let memories = 0;
/** A small TMX file whose unit the memory does not hold yet. */
const fuzzTmx = (n: number) =>
	`<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="zh-CN" datatype="plaintext" segtype="sentence" o-tmf="x" adminlang="en" creationtool="t" creationtoolversion="1"/><body><tu><tuv xml:lang="zh-CN"><seg>模糊测试${n}。</seg></tuv><tuv xml:lang="en"><seg>Fuzz ${n}.</seg></tuv></tu></body></tmx>`;
/** Another project of the owner's, whose memory the walk's project may read. */
const otherProject = () => projects.createProject(getDb(), team.owner, { name: `Memory ${++memories}`, sourceLang: 'zh-Hans', targetLang: 'en' });

/** A fresh glossary entry of the owner's. */
const term = () => glossaryEntries.addEntry(getDb(), team.project, { source: `术语${++terms}`, target: `term ${terms}` });
const glossary = () => `/api/v1/projects/${team.project.id}/glossary`;

/** A segment with two revisions (MT, then an edit): something to diff and restore. */
async function edited() {
	const doc = await draft();
	const segment = doc.segments[0];
	const revisionId = await editSegment(team.translator, segment.id, 'One, edited.');
	return { segmentId: segment.id, first: segment.revisionId!, current: revisionId };
}

/** A fresh segment's QA note (its MT is unchanged), as the ignore route takes it. */
async function qaNote() {
	const doc = await draft();
	const issues = (await qa.documentQa(getDb(), await documentAs(team.owner, doc.id))).issues;
	const note = issues.find((i) => i.check === 'unchanged-mt')!;
	return { segmentId: note.segmentId, check: note.check, message: note.message };
}

let engines = 0;
/** A fresh engine (at an address where nothing answers: testing it still answers 200, with the error). */
const engine = async () =>
	(
		await mtEngines.createEngine(getDb(), (await users.findUserByEmail(getDb(), 'first@fuzz.test'))!, {
			name: `Engine ${++engines}`,
			provider: 'libretranslate',
			url: 'http://127.0.0.1:9'
		})
	).id;

const CASES: ApiCase[] = [
	{ route: 'admin/mt-engines', method: 'GET', admin: true, request: async () => ({ path: '/api/v1/admin/mt-engines' }) },
	{
		route: 'admin/mt-engines',
		method: 'POST',
		admin: true,
		request: async () => ({
			path: '/api/v1/admin/mt-engines',
			body: { name: `Fuzz engine ${++engines}`, provider: 'openai', url: 'http://localhost:11434/v1', model: 'llama3.1:8b' }
		})
	},
	{ route: 'admin/mt-engines/[id=id]', method: 'GET', admin: true, request: async () => ({ path: `/api/v1/admin/mt-engines/${await engine()}` }) },
	{
		route: 'admin/mt-engines/[id=id]',
		method: 'PATCH',
		admin: true,
		request: async () => ({ path: `/api/v1/admin/mt-engines/${await engine()}`, body: { name: `Renamed engine ${++engines}`, url: 'http://127.0.0.1:10' } })
	},
	{ route: 'admin/mt-engines/[id=id]', method: 'DELETE', admin: true, request: async () => ({ path: `/api/v1/admin/mt-engines/${await engine()}` }) },
	{
		route: 'admin/mt-engines/[id=id]/test',
		method: 'POST',
		admin: true,
		noBody: true,
		request: async () => ({ path: `/api/v1/admin/mt-engines/${await engine()}/test` })
	},
	{ route: 'projects/[id=id]/mt', method: 'GET', request: async () => ({ path: `/api/v1/projects/${team.project.id}/mt` }) },
	{
		route: 'projects/[id=id]/mt',
		method: 'PUT',
		request: async () => ({ path: `/api/v1/projects/${team.project.id}/mt`, body: { engineId: await engine() } })
	},
	{ route: 'documents/[id=id]/qa', method: 'GET', request: async () => ({ path: `/api/v1/documents/${(await draft()).id}/qa` }) },
	{
		route: 'segments/[id=id]/qa/ignores',
		method: 'POST',
		request: async () => {
			const { segmentId, check, message } = await qaNote();
			return { path: `/api/v1/segments/${segmentId}/qa/ignores`, body: { check, message, reason: 'The MT reads well here.' } };
		}
	},
	{
		route: 'segments/[id=id]/qa/ignores/[ignoreId=id]',
		method: 'DELETE',
		request: async () => {
			const { segmentId, check, message } = await qaNote();
			const { ignore } = await ignores.ignoreIssue(getDb(), await segmentAs(team.owner, segmentId), { check, message, reason: 'Fine.' });
			return { path: `/api/v1/segments/${segmentId}/qa/ignores/${ignore.id}` };
		}
	},
	{ route: 'projects/[id=id]/qa', method: 'GET', request: async () => ({ path: `/api/v1/projects/${team.project.id}/qa` }) },
	{
		route: 'projects/[id=id]/qa',
		method: 'PUT',
		request: async () => ({ path: `/api/v1/projects/${team.project.id}/qa`, body: { severities: { 'double-space': 'info' } } })
	},
	{ route: 'me', method: 'GET', request: async () => ({ path: '/api/v1/me' }) },
	{ route: 'projects', method: 'GET', request: async () => ({ path: '/api/v1/projects' }) },
	{
		route: 'projects',
		method: 'POST',
		request: async () => ({ path: '/api/v1/projects', body: { name: 'Fuzz project', sourceLang: 'zh-Hans', targetLang: 'en' } })
	},
	{ route: 'projects/[id=id]/members', method: 'GET', request: async () => ({ path: `/api/v1/projects/${team.project.id}/members` }) },
	{
		route: 'projects/[id=id]/members',
		method: 'POST',
		request: async () => ({ path: `/api/v1/projects/${team.project.id}/members`, body: { email: (await createUser()).email, role: 'reviewer' } })
	},
	{ route: 'projects/[id=id]/documents', method: 'GET', request: async () => ({ path: `/api/v1/projects/${team.project.id}/documents` }) },
	{
		route: 'projects/[id=id]/documents',
		method: 'POST',
		request: async () => ({
			path: `/api/v1/projects/${team.project.id}/documents`,
			body: { title: 'Fuzz document', source: '第一段。\n\n第二段。', translation: 'One.\n\nTwo.', format: 'text' }
		})
	},
	{ route: 'documents/[id=id]', method: 'GET', request: async () => ({ path: `/api/v1/documents/${(await draft()).id}` }) },
	{
		route: 'documents/[id=id]',
		method: 'PATCH',
		request: async () => ({ path: `/api/v1/documents/${(await draft()).id}`, body: { title: 'Renamed document' } })
	},
	{ route: 'documents/[id=id]', method: 'DELETE', request: async () => ({ path: `/api/v1/documents/${(await draft()).id}` }) },
	{ route: 'documents/[id=id]/assignment', method: 'GET', request: async () => ({ path: `/api/v1/documents/${(await draft()).id}/assignment` }) },
	{
		route: 'documents/[id=id]/assignment',
		method: 'PUT',
		request: async () => ({
			path: `/api/v1/documents/${(await draft()).id}/assignment`,
			body: { translatorId: team.translator.id, reviewerId: team.reviewer.id, dueDate: daysFrom(new Date(), 7) }
		})
	},
	{ route: 'documents/[id=id]/audit', method: 'GET', request: async () => ({ path: `/api/v1/documents/${(await submitted()).id}/audit` }) },
	{
		route: 'documents/[id=id]/export',
		method: 'GET',
		request: async () => ({ path: `/api/v1/documents/${(await published()).id}/export`, query: { format: 'md', version: '1' } })
	},
	{ route: 'documents/[id=id]/publications', method: 'GET', request: async () => ({ path: `/api/v1/documents/${(await published()).id}/publications` }) },
	{
		route: 'documents/[id=id]/publish',
		method: 'POST',
		noBody: true,
		request: async () => ({ path: `/api/v1/documents/${(await approvedDocument(team)).id}/publish` })
	},
	{
		route: 'documents/[id=id]/replace',
		method: 'POST',
		request: async () => ({
			path: `/api/v1/documents/${(await draft()).id}/replace`,
			body: { find: 'Heilongjiang', replace: 'Hei', caseSensitive: true, wholeWord: false }
		})
	},
	{
		route: 'documents/[id=id]/pretranslate',
		method: 'POST',
		noBody: true,
		request: async () => ({ path: `/api/v1/documents/${(await untranslated()).id}/pretranslate` })
	},
	{ route: 'documents/[id=id]/events', method: 'GET', request: async () => ({ path: `/api/v1/documents/${(await draft()).id}/events` }) },
	{ route: 'events', method: 'GET', request: async () => ({ path: '/api/v1/events' }) },
	{
		route: 'documents/[id=id]/presence',
		method: 'POST',
		request: async () => {
			const doc = await draft();
			return { path: `/api/v1/documents/${doc.id}/presence`, body: { segmentId: doc.segments[0].id } };
		}
	},
	{ route: 'documents/[id=id]/presence', method: 'DELETE', request: async () => ({ path: `/api/v1/documents/${(await draft()).id}/presence` }) },
	{ route: 'documents/[id=id]/rounds', method: 'GET', request: async () => ({ path: `/api/v1/documents/${(await submitted()).id}/rounds` }) },
	{
		route: 'documents/[id=id]/submit',
		method: 'POST',
		request: async () => ({ path: `/api/v1/documents/${(await draft()).id}/submit`, body: { note: 'Ready for review.', includeUnconfirmed: true } })
	},
	{ route: 'jobs/[id=id]', method: 'GET', request: async () => ({ path: `/api/v1/jobs/${await queuedJob(team, team.owner)}` }) },
	{ route: 'jobs/[id=id]/cancel', method: 'POST', noBody: true, request: async () => ({ path: `/api/v1/jobs/${await queuedJob(team, team.owner)}/cancel` }) },
	{ route: 'notifications', method: 'GET', request: async () => ({ path: '/api/v1/notifications' }) },
	{ route: 'notifications/read', method: 'POST', request: async () => ({ path: '/api/v1/notifications/read', body: { ids: [1, 2] } }) },
	{ route: 'review-queue', method: 'GET', request: async () => ({ path: '/api/v1/review-queue' }) },
	{
		route: 'segments/[id=id]',
		method: 'PUT',
		as: 'text',
		request: async () => {
			const [s] = (await draft()).segments;
			return { path: `/api/v1/segments/${s.id}`, body: { baseRevisionId: s.revisionId, text: 'One, post-edited.', secondsSpent: 12 } };
		}
	},
	{
		route: 'segments/[id=id]',
		method: 'PUT',
		as: 'content',
		request: async () => {
			const [s] = (await draft()).segments;
			const content = {
				type: 'paragraph',
				content: [
					{ type: 'text', text: 'One, ' },
					{ type: 'text', text: 'bold', marks: [{ type: 'strong' }] }
				]
			};
			return { path: `/api/v1/segments/${s.id}`, body: { baseRevisionId: s.revisionId, content } };
		}
	},
	{
		route: 'segments/[id=id]',
		method: 'PUT',
		as: 'review edit',
		request: async () => {
			const [s] = (await submitted()).segments;
			return { path: `/api/v1/segments/${s.id}`, body: { baseRevisionId: s.revisionId, text: 'One, reviewed.', review: true } };
		}
	},
	{
		route: 'segments/[id=id]/approve',
		method: 'POST',
		request: async () => {
			const [s] = (await submitted()).segments;
			return { path: `/api/v1/segments/${s.id}/approve`, body: { revisionId: s.revisionId } };
		}
	},
	{
		route: 'segments/[id=id]/reject',
		method: 'POST',
		request: async () => {
			const [s] = (await submitted()).segments;
			return { path: `/api/v1/segments/${s.id}/reject`, body: { revisionId: s.revisionId, reason: 'other', comment: 'Please check the name.' } };
		}
	},
	{ route: 'segments/[id=id]/comments', method: 'GET', request: async () => ({ path: `/api/v1/segments/${(await draft()).segments[0].id}/comments` }) },
	{
		route: 'segments/[id=id]/comments',
		method: 'POST',
		request: async () => ({ path: `/api/v1/segments/${(await draft()).segments[0].id}/comments`, body: { body: 'Is this the right term?' } })
	},
	{
		route: 'segments/[id=id]/comments/resolve',
		method: 'POST',
		noBody: true,
		request: async () => ({ path: `/api/v1/segments/${(await draft()).segments[0].id}/comments/resolve` })
	},
	{
		route: 'segments/[id=id]/diff',
		method: 'GET',
		request: async () => {
			const s = await edited();
			return { path: `/api/v1/segments/${s.segmentId}/diff`, query: { from: String(s.first), to: String(s.current) } };
		}
	},
	{
		route: 'segments/[id=id]/confirm',
		method: 'POST',
		request: async () => {
			const s = await edited();
			return { path: `/api/v1/segments/${s.segmentId}/confirm`, body: { revisionId: s.current } };
		}
	},
	{
		route: 'segments/[id=id]/restore',
		method: 'POST',
		request: async () => {
			const s = await edited();
			return { path: `/api/v1/segments/${s.segmentId}/restore`, body: { revisionId: s.first, baseRevisionId: s.current } };
		}
	},
	{ route: 'segments/[id=id]/revisions', method: 'GET', request: async () => ({ path: `/api/v1/segments/${(await edited()).segmentId}/revisions` }) },
	{ route: 'segments/[id=id]', method: 'GET', request: async () => ({ path: `/api/v1/segments/${(await edited()).segmentId}` }) },
	{ route: 'segments/[id=id]/matches', method: 'GET', request: async () => ({ path: `/api/v1/segments/${(await edited()).segmentId}/matches` }) },
	{
		route: 'segments/[id=id]/matches',
		method: 'GET',
		as: 'only the memory',
		request: async () => ({ path: `/api/v1/segments/${(await edited()).segmentId}/matches`, query: { only: 'tm' } })
	},
	{ route: 'projects/[id=id]/tm', method: 'GET', request: async () => ({ path: `/api/v1/projects/${team.project.id}/tm`, query: { q: '千万工程' } }) },
	{
		route: 'projects/[id=id]/tm/import',
		method: 'POST',
		request: async () => ({ path: `/api/v1/projects/${team.project.id}/tm/import`, body: { tmx: fuzzTmx(++memories) } })
	},
	{ route: 'projects/[id=id]/tm/export', method: 'GET', request: async () => ({ path: `/api/v1/projects/${team.project.id}/tm/export` }) },
	{ route: 'projects/[id=id]/tm/settings', method: 'GET', request: async () => ({ path: `/api/v1/projects/${team.project.id}/tm/settings` }) },
	{
		route: 'projects/[id=id]/tm/settings',
		method: 'PUT',
		request: async () => ({ path: `/api/v1/projects/${team.project.id}/tm/settings`, body: { minScore: 60, prefillScore: 90 } })
	},
	{ route: 'projects/[id=id]/tm/shares', method: 'GET', request: async () => ({ path: `/api/v1/projects/${team.project.id}/tm/shares` }) },
	{
		route: 'projects/[id=id]/tm/shares/[sourceProjectId=id]',
		method: 'PUT',
		noBody: true,
		request: async () => ({ path: `/api/v1/projects/${team.project.id}/tm/shares/${(await otherProject()).id}` })
	},
	{
		route: 'projects/[id=id]/tm/shares/[sourceProjectId=id]',
		method: 'DELETE',
		request: async () => {
			const other = await otherProject();
			await shares.shareMemory(getDb(), team.owner, { projectId: team.project.id, sourceProjectId: other.id });
			return { path: `/api/v1/projects/${team.project.id}/tm/shares/${other.id}` };
		}
	},
	{ route: 'projects/[id=id]/glossary', method: 'GET', request: async () => ({ path: glossary(), query: { q: 'term', status: 'preferred' } }) },
	{
		route: 'projects/[id=id]/glossary',
		method: 'POST',
		request: async () => ({ path: glossary(), body: { source: `新词${++terms}`, target: `new term ${terms}`, caseSensitive: true, note: 'A note.' } })
	},
	{
		route: 'projects/[id=id]/glossary/[entryId=id]',
		method: 'PATCH',
		request: async () => ({ path: `${glossary()}/${(await term()).id}`, body: { status: 'admitted', note: 'Changed.' } })
	},
	{ route: 'projects/[id=id]/glossary/[entryId=id]', method: 'DELETE', request: async () => ({ path: `${glossary()}/${(await term()).id}` }) },
	{
		route: 'projects/[id=id]/glossary/import',
		method: 'POST',
		request: async () => ({ path: `${glossary()}/import`, body: { format: 'csv', text: `source,target,note\n导入${++terms},imported ${terms},From a file\n` } })
	},
	{ route: 'projects/[id=id]/glossary/export', method: 'GET', request: async () => ({ path: `${glossary()}/export`, query: { format: 'tbx', version: '2' } }) }
];

/** As the app's own pages call the API: the session cookie, same origin, JSON. */
function send(method: Method, path: string, body?: unknown, contentType = 'application/json', as = cookie): Promise<Response> {
	const payload = body === undefined ? undefined : body instanceof Uint8Array ? (body as Uint8Array<ArrayBuffer>) : JSON.stringify(body);
	return server.fetch(path, { method, headers: { cookie: as, origin: server.origin, 'content-type': contentType }, body: payload });
}

const urlOf = ({ path, query }: Request) => (query ? `${path}?${new URLSearchParams(query)}` : path);

interface Variant {
	label: string;
	/** The value is not an id, in a field that holds one: it must be refused. */
	notAnId: boolean;
	/** Text that cannot be read as it was sent: it must be refused with a 4xx. */
	unreadable?: boolean;
	make(r: Request): { url: string; body?: unknown };
}

const isIdName = (name: string) => /^(id|ids|from|to|version)$|Id$/.test(name);

function variantsOf(sample: Request): Variant[] {
	const variants: Variant[] = [];
	// Ids in the path that are not ids.
	const id = /\/\d+(?=\/|$)/;
	if (id.test(sample.path)) {
		for (const bad of ['99999999999', '0x2', '1e1', '%202', '-1']) {
			variants.push({
				label: `path id ${JSON.stringify(bad)}`,
				notAnId: true,
				make: (r) => ({ url: urlOf({ ...r, path: r.path.replace(id, `/${bad}`) }), body: r.body })
			});
		}
	}
	for (const name of Object.keys(sample.query ?? {})) {
		const nul = (r: Request) => withNul(r.query![name]);
		variants.push({ label: `?${name}=NUL`, notAnId: false, make: (r) => ({ url: urlOf({ ...r, query: { ...r.query, [name]: nul(r) } }), body: r.body }) });
		variants.push({
			label: `?${name}=<not UTF-8>`,
			notAnId: false,
			unreadable: true,
			make: (r) => ({ url: notUtf8Query(urlOf({ ...r, query: { ...r.query, [name]: r.query![name] + NOT_UTF8_TEXT } })), body: r.body })
		});
		if (/^\d+$/.test(sample.query![name])) {
			for (const bad of [...NOT_IDS, '-1', '0', '1.5']) {
				variants.push({
					label: `?${name}=${JSON.stringify(bad)}`,
					notAnId: isIdName(name),
					make: (r) => ({ url: urlOf({ ...r, query: { ...r.query, [name]: bad } }), body: r.body })
				});
			}
		}
	}
	if (sample.body !== undefined) {
		jsonVariants(sample.body).forEach((v, i) => {
			const field = String(v.path.findLast((part) => typeof part === 'string') ?? '');
			variants.push({
				label: `body ${v.label}`,
				notAnId: v.kind === 'number' && isIdName(field),
				unreadable: v.kind === 'surrogate',
				// The change at the same place of this request's own body (its ids differ from the sample's).
				make: (r) => ({ url: urlOf(r), body: jsonVariants(r.body)[i].body })
			});
		});
	}
	return variants;
}

const name = (c: ApiCase) => `${c.method} /api/v1/${c.route}${c.as ? ` (${c.as})` : ''}`;

describe('every JSON API route, called with hostile input by an owner', () => {
	for (const c of CASES) {
		it(`${name(c)} answers no 5xx`, async () => {
			const failures: string[] = [];
			let request = await c.request();
			const writes = c.method !== 'GET' && c.method !== 'DELETE';
			expect(request.body === undefined, `${name(c)}: a body is sent exactly when the case does not say noBody`).toBe(writes ? Boolean(c.noBody) : true);
			const who = c.admin ? adminCookie : cookie;
			const first = await send(c.method, urlOf(request), request.body, undefined, who);
			if (first.status >= 300) failures.push(`${name(c)} with a valid request → ${first.status}: ${excerpt(await bodyOf(first))}`);
			else await bodyOf(first);
			let usedUp = first.status < 400;
			for (const v of variantsOf(request)) {
				if (usedUp) request = await c.request();
				const { url, body } = v.make(request);
				const res = await send(c.method, url, body, undefined, who);
				const text = await bodyOf(res);
				usedUp = res.status < 400;
				if (res.status >= 500) failures.push(`${name(c)} with ${v.label} → ${res.status}: ${excerpt(text)}`);
				else if (v.unreadable && res.status < 400)
					failures.push(`${name(c)} with ${v.label} → accepted (${res.status}) text that cannot be read as sent: ${excerpt(text)}`);
				else if (v.notAnId && res.status < 300)
					failures.push(`${name(c)} with ${v.label} → accepted (${res.status}) a value that is not an id: ${excerpt(text)}`);
			}
			expect(failures, `\n${failures.join('\n')}\n`).toEqual([]);
		});

		// Every route that reads a body must refuse bytes that are not UTF-8 (one that takes none reads none).
		if (c.method !== 'GET' && c.method !== 'DELETE' && !c.noBody) {
			it(`${name(c)} refuses a body that is not UTF-8`, async () => {
				const request = await c.request();
				const res = await send(c.method, urlOf(request), notUtf8Json(request.body), undefined, c.admin ? adminCookie : cookie);
				const text = await res.text();
				expect({ status: res.status, code: safeCode(text) }, `${name(c)} with a body that is not UTF-8 → ${res.status}: ${excerpt(text)}`).toEqual({
					status: 400,
					code: 'invalid_json'
				});
			});

			it(`${name(c)} refuses a body declared in another charset`, async () => {
				const request = await c.request();
				const res = await send(c.method, urlOf(request), request.body, 'application/json; charset=iso-8859-1', c.admin ? adminCookie : cookie);
				const text = await res.text();
				expect({ status: res.status, code: safeCode(text) }, `${name(c)} with charset=iso-8859-1 → ${res.status}: ${excerpt(text)}`).toEqual({
					status: 415,
					code: 'unsupported_media_type'
				});
			});
		}
	}

	it('covers every route file and method under src/routes/api/v1', async () => {
		const modules = import.meta.glob('/src/routes/api/v1/**/+server.ts');
		const missing: string[] = [];
		for (const [file, load] of Object.entries(modules)) {
			const route = file.replace(/^\/src\/routes\/api\/v1\/?/, '').replace(/\/?\+server\.ts$/, '');
			const mod = (await load()) as Record<string, unknown>;
			for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const) {
				if (method in mod && !CASES.some((c) => c.route === route && c.method === method))
					missing.push(`${method} /api/v1/${route} (${file}): add it to CASES`);
			}
		}
		expect(missing).toEqual([]);
	});
});

/** The body's text; an event stream, which never ends by itself, is closed unread. */
async function bodyOf(res: Response): Promise<string> {
	if (!res.headers.get('content-type')?.startsWith('text/event-stream')) return res.text();
	await res.body?.cancel();
	return '';
}

function safeCode(text: string): string | null {
	try {
		return (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? null;
	} catch {
		return null;
	}
}
