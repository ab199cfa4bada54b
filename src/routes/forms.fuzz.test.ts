import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useTestDatabase } from '$lib/server/testing/test-db';
import { useTestServer } from '$lib/server/testing/http';
import { approvedDocument, createDocument, createTeam, createUser, documentAs, segmentAs, submittedDocument, type Team } from '$lib/server/testing/factories';
import { getDb } from '$lib/server/db/db';
import * as qa from '$lib/server/qa/qa';
import * as ignores from '$lib/server/qa/ignores';
import { actionName, formKey, formsIn, linksIn, type FormField, type FoundForm } from '$lib/server/testing/html-forms';
import { baseline, encodeForm, excerpt, formVariants, type Entry } from '$lib/server/testing/fuzz';
import { SESSION_COOKIE, createSession, type AuthUser } from '$lib/server/auth/sessions';
import { REVIEW_REASONS } from '$lib/review/transitions';
import * as projects from '$lib/server/projects/projects';
import * as shares from '$lib/server/tm/shares';

// Every form of every page, found by reading the pages each role is shown, posted with a NUL in
// one field at a time and with non-ids (beyond int4, `0x2`, `1e1`, ` 2`) in its numeric fields:
// each answer must be a 4xx with a message, a success or a redirect, never a 5xx. A field named
// like an id must also refuse a non-id, a text one character past the field's maxlength must be
// refused, not cut, and so must bytes that are not UTF-8 (a lone surrogate's) in any field. The data is rebuilt whenever a post may have used it up
// (a document after any accepted post on its pages; the whole world when a form is gone), so a
// delete or an approval does not starve the posts after it.

useTestDatabase();
const server = useTestServer();

const ROLES = ['owner', 'translator', 'reviewer', 'admin', 'outsider', 'visitor'] as const;
type Role = (typeof ROLES)[number];
const DOC_STATES = ['draft', 'submitted', 'approved', 'published', 'unpublished'] as const;
type DocState = (typeof DOC_STATES)[number];

const START: Record<Role, string[]> = {
	owner: ['/projects', '/my-work', '/review', '/notifications', '/settings', '/admin'],
	translator: ['/projects', '/my-work', '/review', '/notifications', '/settings', '/admin'],
	reviewer: ['/projects', '/my-work', '/review', '/notifications', '/settings', '/admin'],
	admin: ['/projects', '/my-work', '/review', '/notifications', '/settings', '/admin'],
	outsider: ['/projects', '/my-work', '/review', '/notifications', '/settings', '/admin'],
	visitor: ['/login', '/register']
};
const MAX_PAGES = 70;
/** Pages of the app a walk follows; /p (public), /api and /logout are not pages with forms to read. */
const FOLLOW = /^\/(projects|my-work|review|notifications|settings|admin|login|register)(\/|\?|$)/;
const SKIP = /^\/notifications\/\d+|^\/api\/|^\/p\/|^\/logout/;

/** Forms a page draws only after a click, so no HTML shows them: built from the rendered form beside them. */
const DRAWN_ON_CLICK: { beside: string; action: string; fields: FormField[] }[] = [
	// The glossary: an entry's edit form opens in place of its row (?edit=id); the import form
	// comes with a preview of a file, which the walk cannot upload.
	{
		beside: 'deleteEntry',
		action: 'saveEntry',
		// The fields of the form itself (EntryFields.svelte), so that the one the walk finds on an ?edit= page is this one.
		fields: [
			{ name: 'source', kind: 'input', type: 'text', value: '千万工程', checked: false, required: true, options: [], maxLength: 200 },
			{ name: 'target', kind: 'input', type: 'text', value: 'Ten Million Project', checked: false, required: false, options: [], maxLength: 200 },
			{ name: 'status', kind: 'select', type: 'select', value: 'preferred', checked: false, required: false, options: ['preferred', 'forbidden'] },
			{ name: 'partOfSpeech', kind: 'input', type: 'text', value: '', checked: false, required: false, options: [], maxLength: 200 },
			{ name: 'note', kind: 'textarea', type: 'textarea', value: '', checked: false, required: false, options: [], maxLength: 1000 },
			{ name: 'caseSensitive', kind: 'checkbox', type: 'checkbox', value: 'on', checked: false, required: false, options: [] }
		]
	},
	{
		beside: 'preview',
		action: 'import',
		fields: [
			{ name: 'text', kind: 'hidden', type: 'hidden', value: 'source,target\n最后一公里,last mile\n', checked: false, required: false, options: [] },
			{ name: 'format', kind: 'hidden', type: 'hidden', value: 'csv', checked: false, required: false, options: [] }
		]
	},
	{
		beside: 'approve',
		action: 'reject',
		fields: [
			{ name: 'reason', kind: 'select', type: 'select', value: '', checked: false, required: true, options: ['', ...REVIEW_REASONS] },
			{ name: 'comment', kind: 'textarea', type: 'textarea', value: '', checked: false, required: false, options: [], maxLength: 5000 }
		]
	}
];
/** Forms whose answer is a page with the next form (the import's preview shows the form that creates). */
const STEPS = new Set(['preview']);

interface World {
	team: Team;
	admin: AuthUser;
	/** A member and an account that destructive forms (remove, disable, change role) aim at. */
	spare: AuthUser;
	disabled: AuthUser;
	docs: Record<DocState, number>;
	cookie: Record<Role, string | undefined>;
}

let world: World;
/** Bumped by every accepted post and every rebuild: a page read before is stale (a document's own pages, or all). */
const epochs = { world: 0, doc: Object.fromEntries(DOC_STATES.map((s) => [s, 0])) as Record<DocState, number> };
const docOfPage = (page: string): DocState | null => (page.match(/\/documents\/\{(\w+)\}/)?.[1] as DocState | undefined) ?? null;
const epochOf = (page: string): string => `${epochs.world}.${epochs.doc[docOfPage(page) ?? 'draft']}`;
const stats = { posts: 0, worlds: 0, docs: 0, pages: 0 };
const failures: string[] = [];
const posted = new Set<string>();

const userOf = (role: Role): AuthUser | null => (role === 'visitor' ? null : role === 'admin' ? world.admin : world.team[role]);

async function sessionCookie(user: AuthUser | null): Promise<string | undefined> {
	return user ? `${SESSION_COOKIE}=${(await createSession(user.id)).token}` : undefined;
}

function headers(cookie: string | undefined, extra: Record<string, string> = {}): Record<string, string> {
	return { origin: server.origin, ...(cookie ? { cookie } : {}), ...extra };
}

// ——— paths that survive a rebuild: the world's slug and document ids as placeholders ———

function templateOf(path: string): string | null {
	const slug = world.team.project.slug;
	let unknown = false;
	const t = path.replace(new RegExp(`^/projects/${slug}(?=/|\\?|$)`), '/projects/{slug}').replace(/\/documents\/(\d+)/g, (_, id: string) => {
		const state = DOC_STATES.find((s) => String(world.docs[s]) === id);
		if (!state) unknown = true;
		return `/documents/{${state}}`;
	});
	// Another project (one a post created) or a document the world does not keep.
	if (unknown || /^\/projects\/(?!\{slug\}|new(\/|\?|$))[^/?]+/.test(t)) return null;
	return t;
}

function pathOf(template: string): string {
	return template.replace('{slug}', world.team.project.slug).replace(/\{(\w+)\}/g, (_, state: DocState) => String(world.docs[state]));
}

/** An id-like value as who it is in the world, so a form aimed at the spare member is found again after a rebuild. */
function symbolOf(value: string): string | null {
	const people: [string, AuthUser][] = [
		['spare', world.spare],
		['disabled', world.disabled],
		['admin', world.admin],
		...(['owner', 'translator', 'reviewer', 'outsider'] as const).map((r): [string, AuthUser] => [r, world.team[r]])
	];
	return people.find(([, u]) => String(u.id) === value)?.[0] ?? null;
}

/** Only fields that name a person: a segment or version number may equal someone's id by chance. */
const symbolsOf = (form: FoundForm): Record<string, string> =>
	Object.fromEntries(
		form.fields.flatMap((f) => (f.kind === 'hidden' && /user|member/i.test(f.name) && symbolOf(f.value) ? [[f.name, symbolOf(f.value)!]] : []))
	);

const aimsAtSpare = (form: FoundForm) => Object.values(symbolsOf(form)).some((s) => s === 'spare' || s === 'disabled');

function keyOf(form: FoundForm): string | null {
	const action = templateOf(form.action);
	return action === null ? null : formKey(form, action);
}

function withDrawnForms(forms: FoundForm[]): FoundForm[] {
	const drawn = DRAWN_ON_CLICK.flatMap((d) =>
		forms
			.filter((f) => actionName(f.action) === d.beside)
			.map((f) => ({
				action: f.action.replace(`?/${d.beside}`, `?/${d.action}`),
				multipart: f.multipart,
				fields: [...f.fields.filter((x) => x.kind === 'hidden'), ...d.fields]
			}))
	);
	return [...forms, ...drawn];
}

// ——— reading pages and posting forms ———

async function readPage(role: Role, path: string): Promise<{ status: number; html: string | null; body: string }> {
	stats.pages++;
	const res = await server.fetch(path, { headers: headers(world.cookie[role], { accept: 'text/html' }) });
	const body = await res.text();
	const html = res.status === 200 && res.headers.get('content-type')?.startsWith('text/html') ? body : null;
	return { status: res.status, html, body };
}

interface Answer {
	status: number;
	accepted: boolean;
	body: string;
}

/** Posts as the app's own script does (use:enhance): the action's result comes back as JSON. */
async function post(role: Role, form: FoundForm, entries: Entry[], html = false): Promise<Answer> {
	stats.posts++;
	const { body, contentType } = await encodeForm(entries, form.multipart);
	const extra: Record<string, string> = html ? { accept: 'text/html' } : { accept: 'application/json', 'x-sveltekit-action': 'true' };
	if (contentType) extra['content-type'] = contentType;
	const res = await server.fetch(form.action, { method: 'POST', headers: headers(await sessionCookie(userOf(role)), extra), body });
	const text = await res.text();
	let status = res.status;
	let accepted = status < 400;
	if (!html && res.headers.get('content-type')?.startsWith('application/json')) {
		const result = JSON.parse(text) as { type?: string; status?: number };
		if (result.type === 'failure') status = result.status ?? status;
		accepted = result.type === 'success' || result.type === 'redirect';
	}
	return { status, accepted, body: text };
}

const cache = new Map<string, { epoch: string; forms: FoundForm[] }>();

/** The forms a role is shown on a page (or on the page a step form answers with). */
async function formsOn(role: Role, page: string, via?: string): Promise<FoundForm[]> {
	const cacheKey = `${role} ${page} ${via ?? ''}`;
	const cached = cache.get(cacheKey);
	if (cached?.epoch === epochOf(page)) return cached.forms;
	const path = pathOf(page);
	const { html } = await readPage(role, path);
	let forms = html ? withDrawnForms(formsIn(html, new URL(path, server.origin))) : [];
	if (via) {
		const step = forms.find((f) => keyOf(f) === via);
		const answer = step ? await post(role, step, baseline(step), true) : null;
		forms = answer && answer.status === 200 ? withDrawnForms(formsIn(answer.body, new URL(step!.action, server.origin))) : [];
	}
	cache.set(cacheKey, { epoch: epochOf(page), forms });
	return forms;
}

/** Posts the rendered form (the one `pick` chooses) as a user fills it in, with `set` typed in: the world's own set-up. */
async function useForm(role: Role, page: string, action: string, set: Record<string, string> = {}, pick: (f: FoundForm) => boolean = () => true) {
	const forms = formsIn((await readPage(role, page)).html ?? '', new URL(page, server.origin));
	const form = forms.find((f) => actionName(f.action) === action && pick(f));
	if (!form) throw new Error(`set-up: no ?/${action} form on ${page} as ${role}`);
	const entries = baseline(form).map(([n, v]): Entry => [n, n in set ? set[n] : v]);
	for (const [n, v] of Object.entries(set)) if (!entries.some(([m]) => m === n)) entries.push([n, v]);
	const answer = await post(role, form, entries);
	if (!answer.accepted) throw new Error(`set-up: ?/${action} on ${page} as ${role} → ${answer.status}: ${excerpt(answer.body)}`);
}

// ——— the world: made with the factories, finished through the pages as its people would ———

async function makeDoc(team: Team, state: DocState, cookieOwner: Role = 'owner'): Promise<number> {
	stats.docs++;
	if (state === 'draft') return (await createDocument(team, { mt: ['One.', 'Two.'] })).id;
	if (state === 'submitted') return (await submittedDocument(team, { mt: ['One.', 'Two.'] })).id;
	const { id } = await approvedDocument(team);
	const publish = `/projects/${team.project.slug}/documents/${id}/publish`;
	if (state !== 'approved') await useForm(cookieOwner, publish, 'publish');
	if (state === 'unpublished') await useForm(cookieOwner, publish, 'unpublish');
	return id;
}

async function buildWorld(): Promise<void> {
	stats.worlds++;
	const team = await createTeam();
	const [admin, spare, disabled] = await Promise.all([
		createUser({ admin: true }),
		createUser({ name: 'Spare Member' }),
		createUser({ name: 'Disabled Account' })
	]);
	world = { team, admin, spare, disabled, docs: {} as Record<DocState, number>, cookie: {} as Record<Role, string | undefined> };
	for (const role of ROLES) world.cookie[role] = await sessionCookie(userOf(role));
	const project = `/projects/${team.project.slug}`;
	await useForm('owner', `${project}/members`, 'add', { email: spare.email, role: 'reviewer' });
	await useForm('admin', '/admin', 'disable', {}, (f) => f.fields.some((x) => x.name === 'userId' && x.value === String(disabled.id)));
	await useForm('owner', `${project}/webhooks`, 'create', { label: 'Fuzz hook', url: 'http://127.0.0.1:9/hook' });
	// An MT engine where nothing answers (testing it fails at once), so that projects offer a choice of engine.
	await useForm('admin', '/admin/mt-engines', 'create', {
		name: `Fuzz engine ${stats.worlds}`,
		provider: 'libretranslate',
		url: 'http://127.0.0.1:9',
		apiKey: ''
	});
	// A glossary entry, and a translator's proposal for the owner to answer.
	await useForm('owner', `${project}/glossary`, 'add', { source: '千万工程', target: 'Ten Million Project' });
	await useForm('translator', `${project}/glossary`, 'add', { source: '浦江经验', target: 'Pujiang Experience' });
	// Two more projects of the owner's: one whose memory the project reads (its page offers to stop), one it may start reading.
	const [readFrom] = await Promise.all(
		['Read memory', 'Other memory'].map((name) =>
			projects.createProject(getDb(), team.owner, { name: `${name} ${stats.worlds}`, sourceLang: 'zh-Hans', targetLang: 'en' })
		)
	);
	await shares.shareMemory(getDb(), team.owner, { projectId: team.project.id, sourceProjectId: readFrom.id });
	// A test event that cannot be delivered: the delivery log then offers a retry.
	await useForm('owner', `${project}/webhooks`, 'test');
	for (const role of ['owner', 'translator', 'reviewer', 'admin', 'outsider'] as const) await useForm(role, '/settings', 'create', { label: 'Fuzz token' });
	for (const state of DOC_STATES) world.docs[state] = await makeDoc(team, state);
	// A QA note ignored on the draft, so that its QA report draws the form that takes it back.
	const note = (await qa.documentQa(getDb(), await documentAs(team.translator, world.docs.draft))).issues.find((i) => i.severity !== 'error')!;
	await ignores.ignoreIssue(getDb(), await segmentAs(team.translator, note.segmentId), { check: note.check, message: note.message, reason: 'Reads well.' });
	epochs.world++;
}

// ——— the walk ———

interface Template {
	role: Role;
	page: string;
	via?: string;
	key: string;
	/** Who the form is aimed at (`userId: 'spare'`), to find the same row again. */
	aim: Record<string, string>;
	form: FoundForm;
}

async function crawl(role: Role): Promise<Template[]> {
	const templates = new Map<string, Template>();
	const queue = [...START[role]];
	const seen = new Set<string>();
	const queriesOf = new Map<string, number>();
	const add = (page: string, form: FoundForm, via?: string) => {
		const key = keyOf(form);
		if (!key) return;
		const known = templates.get(key);
		if (!known || (!aimsAtSpare(known.form) && aimsAtSpare(form))) templates.set(key, { role, page, via, key, aim: symbolsOf(form), form });
	};
	let pages = 0;
	while (queue.length && pages < MAX_PAGES) {
		const path = queue.shift()!;
		const page = templateOf(path);
		if (!page || seen.has(page)) continue;
		seen.add(page);
		pages++;
		const { status, html, body } = await readPage(role, path);
		if (status >= 500) failures.push(`GET ${page} as ${role} → ${status}: ${excerpt(body)}`);
		if (!html) continue;
		const forms = withDrawnForms(formsIn(html, new URL(path, server.origin)));
		cache.set(`${role} ${page} `, { epoch: epochOf(page), forms });
		for (const form of forms) {
			add(page, form);
			const key = keyOf(form);
			if (key && STEPS.has(actionName(form.action))) for (const next of await formsOn(role, page, key)) add(page, next, key);
		}
		for (const link of linksIn(html, new URL(path, server.origin))) {
			if (!FOLLOW.test(link) || SKIP.test(link)) continue;
			const bare = link.replace(/\?.*$/, '');
			// A page with a query string (a comparison, a filter) is the same page: read two of them at most.
			if (link.includes('?')) {
				const n = queriesOf.get(bare) ?? 0;
				if (n >= 2) continue;
				queriesOf.set(bare, n + 1);
			}
			queue.push(link);
		}
	}
	return [...templates.values()];
}

async function findForm(t: Template): Promise<FoundForm | null> {
	const forms = (await formsOn(t.role, t.page, t.via)).filter((f) => keyOf(f) === t.key);
	const aimed = forms.find((f) => Object.entries(t.aim).every(([name, who]) => f.fields.some((x) => x.name === name && symbolOf(x.value) === who)));
	return aimed ?? null;
}

/**
 * After an accepted post, what it may have used up is made again: the document whose page the
 * form is on, or else (lazily) anything. A post that hit someone nobody aimed at (`userId=" 2"`
 * is someone) may have taken a member from the team: its documents cannot be made any more,
 * or its forms are gone, and then the whole world is made again.
 */
async function renew(t: Template): Promise<void> {
	const doc = docOfPage(t.page);
	if (!doc) {
		epochs.world++;
		return;
	}
	try {
		world.docs[doc] = await makeDoc(world.team, doc);
		epochs.doc[doc]++;
	} catch {
		await buildWorld();
	}
}

async function fuzz(t: Template): Promise<void> {
	const count = formVariants(t.form).length;
	for (let i = 0; i < count; i++) {
		let form = await findForm(t);
		if (!form) {
			// A post before this one used the form up (the member removed, the webhook deleted): start over.
			await buildWorld();
			form = await findForm(t);
		}
		if (!form) {
			failures.push(`${t.role} ${t.key}: the form is not on ${t.page} any more, even in fresh data`);
			return;
		}
		const variant = formVariants(form)[i];
		const answer = await post(t.role, form, variant.entries);
		posted.add(form.action);
		const where = `${t.role} POST ${templateOf(form.action)} (form on ${t.page}) with ${variant.label}`;
		if (answer.status >= 500) failures.push(`${where} → ${answer.status}: ${excerpt(answer.body)}`);
		else if (answer.accepted && variant.mustRefuse) failures.push(`${where} → accepted (${answer.status}) ${variant.mustRefuse}: ${excerpt(answer.body)}`);
		if (answer.accepted) await renew(t);
	}
}

beforeAll(async () => {
	// Webhooks to 127.0.0.1:9 (nothing listens): deliveries fail fast and stay on this machine.
	vi.stubEnv('WEBHOOK_ALLOWED_HOSTS', 'external,loopback');
	// The first account becomes an administrator: not one of the people the walk plays.
	await createUser({ name: 'First Account' });
});
afterAll(() => {
	vi.unstubAllEnvs();
	console.log(`forms walk: ${stats.pages} pages read, ${stats.posts} posts, ${stats.worlds} worlds and ${stats.docs} documents made`);
});

describe('every form of every page, as each role sees it', () => {
	for (const role of ROLES) {
		it(
			`answers ${role === 'visitor' ? 'a visitor' : `the ${role}`} with no 5xx for a NUL in any field or a non-id in any id, and refuses what is not UTF-8`,
			{ timeout: 180_000 },
			async () => {
				const before = failures.length;
				const started = { ...stats, at: Date.now() };
				await buildWorld();
				const templates = await crawl(role);
				expect(templates.length, `${role} was shown no form at all`).toBeGreaterThan(0);
				// FUZZ_VERBOSE=1 lists the forms each role was shown.
				if (process.env.FUZZ_VERBOSE) console.log(templates.map((t) => `${role}: ${t.key}${t.via ? ' (after a step)' : ''}`).join('\n'));
				for (const t of templates) await fuzz(t);
				console.log(
					`${role}: ${templates.length} forms, ${stats.posts - started.posts} posts, ${stats.pages - started.pages} pages, ${stats.worlds - started.worlds} worlds, ${Date.now() - started.at} ms`
				);
				const mine = failures.slice(before);
				expect(mine, `\n${mine.join('\n')}\n`).toEqual([]);
			}
		);
	}

	it('has posted every action of every page', async () => {
		const actions = await pageActions();
		const missing = actions.filter(({ route, action }) => ![...posted].some((p) => routeOf(p, actions)?.route === route && actionName(p) === action));
		expect(
			missing.map(({ file, action }) => `${file} ?/${action}: no role was shown a form for it (add its page or state to the walk, or DRAWN_ON_CLICK)`)
		).toEqual([]);
	});
});

// ——— which actions exist: read from the route modules themselves ———

interface PageAction {
	file: string;
	route: string;
	pattern: RegExp;
	action: string;
}

const routeModules = import.meta.glob('/src/routes/**/+page.server.ts');

async function pageActions(): Promise<PageAction[]> {
	const list: PageAction[] = [];
	for (const [file, load] of Object.entries(routeModules)) {
		const mod = (await load()) as { actions?: Record<string, unknown> };
		const route =
			file
				.replace(/^\/src\/routes/, '')
				.replace(/\/\+page\.server\.ts$/, '')
				.replace(/\/\([^)]+\)/g, '') || '/';
		const pattern = new RegExp(
			`^${route
				.split('/')
				.map((s) => (s.match(/^\[\w+=id\]$/) ? '\\d+' : s.startsWith('[') ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
				.join('/')}$`
		);
		for (const action of Object.keys(mod.actions ?? {})) list.push({ file, route, pattern, action });
	}
	return list;
}

/** The route a posted path belongs to: a literal segment (`documents/new`) wins over a parameter. */
function routeOf(path: string, actions: PageAction[]): PageAction | undefined {
	const bare = path.replace(/\?.*$/, '');
	const literal = (a: PageAction) => a.route.split('/').filter((s) => !s.startsWith('[')).length;
	return actions.filter((a) => a.pattern.test(bare)).sort((a, b) => literal(b) - literal(a))[0];
}
