import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { useTestDatabase } from '../testing/test-db';
import { createDocument, createTeam, createUser, paragraph, segmentAs, type Team } from '../testing/factories';
import { startMtServer, type MtTestProvider, type MtTestServer } from '../testing/mt-servers';
import { getDb } from '../db/db';
import { DomainError } from '../errors';
import { listAudit, listServerAudit } from '../activity/audit';
import * as engines from './engines';
import * as mt from './suggest';
import { serverSecret } from './secret';
import { translateSegments } from './translate';
import type { AuthUser } from '../auth/sessions';
import type { Block } from '../../import/model';

// Each provider against a local server speaking its protocol, each way an engine fails, the keys
// at rest, and who may configure and choose engines.

process.env.RENDITION_SECRET = 'test secret: at least thirty-two characters long';

useTestDatabase();

let admin: AuthUser;
let team: Team;
const servers: Partial<Record<MtTestProvider, MtTestServer>> = {};
const KEY = 'key-4f1b2c-very-secret';

beforeAll(async () => {
	admin = await createUser({ admin: true });
	team = await createTeam();
	servers.deepl = await startMtServer('deepl', { apiKey: KEY });
	servers.libretranslate = await startMtServer('libretranslate');
	servers.openai = await startMtServer('openai', { apiKey: KEY });
});
afterAll(async () => {
	await Promise.all(Object.values(servers).map((s) => s.close()));
});

const bold: Block = {
	type: 'paragraph',
	content: [
		{ type: 'text', text: '新华社报道：' },
		{ type: 'text', text: '黑龙江', marks: [{ type: 'strong' }] },
		{ type: 'text', text: '今年' },
		{ type: 'text', text: '夏粮丰收', marks: [{ type: 'link', attrs: { href: 'https://www.news.cn/a?b=1', title: null } }] },
		{ type: 'text', text: '。' }
	]
};

let made = 0;
async function engineFor(provider: MtTestProvider, extra: Record<string, unknown> = {}) {
	const server = servers[provider]!;
	server.fail('none', 0);
	server.requests.length = 0;
	const view = await engines.createEngine(getDb(), admin, {
		name: `${provider} ${++made}`,
		provider,
		url: server.url,
		apiKey: server.apiKey ?? undefined,
		model: provider === 'openai' ? 'test-model' : undefined,
		...extra
	});
	return { view, engine: (await engines.engineById(getDb(), view.id))!, server };
}

const langs = { sourceLang: 'zh-Hans', targetLang: 'en' };
const fast = { timeoutMs: 2_000, backoffMs: 5 };

describe.each(['deepl', 'libretranslate', 'openai'] as const)('%s', (provider) => {
	it('translates keeping bold and links, without sending the address', async () => {
		const { engine, server } = await engineFor(provider);
		const results = await translateSegments(engine, { ...langs, blocks: [bold, paragraph('第一段。'), paragraph('第二段。')] }, fast);
		expect(results[0]).toEqual({
			ok: true,
			block: {
				type: 'paragraph',
				content: [
					{ type: 'text', text: 'Xinhua reports: ' },
					{ type: 'text', text: 'Heilongjiang', marks: [{ type: 'strong' }] },
					{ type: 'text', text: ' this year ' },
					{ type: 'text', text: 'a bumper summer grain harvest', marks: [{ type: 'link', attrs: { href: 'https://www.news.cn/a?b=1', title: null } }] },
					{ type: 'text', text: '.' }
				]
			}
		});
		expect(results.slice(1)).toEqual([
			{ ok: true, block: paragraph('First paragraph.') },
			{ ok: true, block: paragraph('Second paragraph.') }
		]);
		// DeepL and LibreTranslate take the three segments in one request; a chat model one each.
		expect(server.requests).toHaveLength(provider === 'openai' ? 3 : 1);
		expect(JSON.stringify(server.requests.map((r) => r.body))).not.toContain('news.cn');
	});

	it('keeps the text and says what was lost when the engine mangles the tags', async () => {
		const { engine, server } = await engineFor(provider);
		server.fail('garbled');
		const [result] = await translateSegments(engine, { ...langs, blocks: [bold] }, fast);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.formattingLost?.length).toBeGreaterThan(0);
		expect(result.block.content?.map((n) => (n.type === 'text' ? n.text : '\n')).join('')).toBe(
			'Xinhua reports: Heilongjiang this year a bumper summer grain harvest.'
		);
	});

	it('retries a 500 and then says how often it failed', async () => {
		const { engine, server } = await engineFor(provider);
		server.fail('server_error');
		const [result] = await translateSegments(engine, { ...langs, blocks: [bold] }, fast);
		const name = { deepl: 'DeepL', libretranslate: 'LibreTranslate', openai: 'The chat model server' }[provider];
		expect(result).toEqual({ ok: false, error: `${name} answered 500 three times; try again later.`, retryable: true });
		expect(server.requests).toHaveLength(3);
	});
});

describe('failures', () => {
	it('gives up on an engine that does not answer in time', async () => {
		const { engine, server } = await engineFor('libretranslate');
		server.fail('timeout');
		const started = Date.now();
		const [result] = await translateSegments(engine, { ...langs, blocks: [bold] }, { timeoutMs: 200, attempts: 2, backoffMs: 5 });
		expect(result).toEqual({ ok: false, error: 'LibreTranslate took longer than 0.2 s twice; try again later.', retryable: true });
		expect(Date.now() - started).toBeLessThan(2_000);
	});

	it('waits as long as a 429 asks, then succeeds', async () => {
		const { engine, server } = await engineFor('deepl');
		server.fail('rate_limit', 1);
		const started = Date.now();
		const [result] = await translateSegments(engine, { ...langs, blocks: [bold] }, fast);
		expect(result.ok).toBe(true);
		expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
		expect(server.requests).toHaveLength(2);
	});

	it('does not wait longer than it may for a Retry-After', async () => {
		const { engine, server } = await engineFor('libretranslate');
		server.fail('rate_limit');
		server.retryAfterSeconds = 120;
		const [result] = await translateSegments(engine, { ...langs, blocks: [bold] }, fast);
		server.retryAfterSeconds = 1;
		expect(result).toEqual({ ok: false, error: 'LibreTranslate asks to wait 120 s before the next request (429); try again later.', retryable: true });
	});

	it('says the key was refused, and does not retry', async () => {
		const { engine, server } = await engineFor('deepl');
		server.fail('wrong_key');
		const [result] = await translateSegments(engine, { ...langs, blocks: [bold] }, fast);
		expect(result).toEqual({ ok: false, error: 'DeepL refused the key (403): Invalid API key', retryable: false });
		expect(server.requests).toHaveLength(1);
	});

	it('asks for a key when the engine wants one and none was given', async () => {
		const { engine } = await engineFor('openai', { apiKey: undefined });
		const [result] = await translateSegments(engine, { ...langs, blocks: [bold] }, fast);
		expect(result).toMatchObject({ ok: false, error: expect.stringContaining('refused the request without an API key (403)') });
	});

	it('says where nothing answers', async () => {
		const { engine } = await engineFor('libretranslate', { url: 'http://127.0.0.1:9' });
		const [result] = await translateSegments(engine, { ...langs, blocks: [bold] }, { ...fast, attempts: 1 });
		expect(result).toMatchObject({
			ok: false,
			retryable: true,
			error: expect.stringMatching(/^LibreTranslate could not be reached at 127\.0\.0\.1:9 \(connect ECONNREFUSED/)
		});
	});

	it('stops when the caller cancels', async () => {
		const { engine, server } = await engineFor('libretranslate');
		server.fail('timeout');
		const [result] = await translateSegments(engine, { ...langs, blocks: [bold] }, { signal: AbortSignal.timeout(100) });
		expect(result).toEqual({ ok: false, error: 'The translation was cancelled.', retryable: true });
	});
});

describe('API keys', () => {
	it('are stored encrypted and never shown', async () => {
		const { view } = await engineFor('deepl');
		expect(view.hasApiKey).toBe(true);
		expect(JSON.stringify(view)).not.toContain(KEY);
		const { rows } = await sql<{
			dump: string;
		}>`select (select json_agg(e)::text from mt_engines e) || (select json_agg(a)::text from server_audit_events a) as dump`.execute(getDb());
		expect(rows[0].dump).not.toContain(KEY);
		expect(rows[0].dump).toContain('v1.');
	});

	it('are kept, replaced or removed by an update', async () => {
		const { view } = await engineFor('deepl');
		const renamed = await engines.updateEngine(getDb(), admin, { engineId: view.id, name: `${view.name} renamed` });
		expect(renamed).toMatchObject({ hasApiKey: true, name: `${view.name} renamed` });
		expect((await engines.engineById(getDb(), view.id))!.apiKey).toBe(KEY);
		await engines.updateEngine(getDb(), admin, { engineId: view.id, apiKey: 'other-key' });
		expect((await engines.engineById(getDb(), view.id))!.apiKey).toBe('other-key');
		expect(await engines.updateEngine(getDb(), admin, { engineId: view.id, apiKey: null })).toMatchObject({ hasApiKey: false });
		const [updated] = await listServerAudit(getDb(), 'mt_engine.updated', 1);
		expect(updated.details).toMatchObject({ engineId: view.id, apiKey: 'removed' });
	});

	it('become unreadable under another secret, and translation says so', async () => {
		const { view } = await engineFor('deepl');
		const previous = process.env.RENDITION_SECRET;
		process.env.RENDITION_SECRET = 'another secret, also thirty-two characters or more';
		try {
			const engine = (await engines.engineById(getDb(), view.id))!;
			expect(engine).toMatchObject({ apiKey: null, keyUnreadable: true });
			const [result] = await translateSegments(engine, { ...langs, blocks: [bold] });
			expect(result).toMatchObject({ ok: false, retryable: false, error: expect.stringContaining('cannot be decrypted') });
		} finally {
			process.env.RENDITION_SECRET = previous;
		}
	});

	it('need RENDITION_SECRET with a Postgres server, and a long one', () => {
		expect(serverSecret({ DATABASE_URL: 'postgres://db/rendition' })).toMatchObject({ ok: false, reason: expect.stringContaining('Set RENDITION_SECRET') });
		expect(serverSecret({ RENDITION_SECRET: 'short' })).toMatchObject({ ok: false, reason: expect.stringContaining('too short') });
		expect(serverSecret({ DATA_DIR: 'memory://' })).toMatchObject({ ok: process.env.TEST_DATABASE_URL ? false : true });
	});
});

describe('engines', () => {
	it('are for administrators only', async () => {
		for (const attempt of [
			() => engines.listEngines(getDb(), team.owner),
			() => engines.createEngine(getDb(), team.owner, { name: 'Mine', provider: 'libretranslate', url: 'http://localhost:5000' }),
			() => mt.testEngine(getDb(), team.owner, { engineId: 1 })
		]) {
			await expect(attempt()).rejects.toMatchObject({ code: 'forbidden' });
		}
	});

	it('refuse what their provider needs missing, and a taken name', async () => {
		const refusal = (input: Record<string, unknown>) => engines.createEngine(getDb(), admin, input).catch((e: DomainError) => [e.code, e.field]);
		expect(await refusal({ name: 'No URL', provider: 'libretranslate' })).toEqual(['invalid', 'url']);
		expect(await refusal({ name: 'No model', provider: 'openai', url: 'http://localhost:11434/v1' })).toEqual(['invalid', 'model']);
		expect(await refusal({ name: 'Bad URL', provider: 'libretranslate', url: 'ftp://x' })).toEqual(['invalid', 'url']);
		expect(await refusal({ name: 'Creds', provider: 'libretranslate', url: 'http://u:p@x' })).toEqual(['invalid', 'url']);
		expect(await refusal({ name: 'Nope', provider: 'google', url: 'http://x' })).toEqual(['invalid', 'provider']);
		const { view } = await engineFor('libretranslate');
		expect(await refusal({ name: view.name.toUpperCase(), provider: 'libretranslate', url: 'http://x' })).toEqual(['conflict', 'name']);
		// DeepL needs no URL: its host follows from the key.
		expect(await engines.createEngine(getDb(), admin, { name: 'DeepL default host', provider: 'deepl', apiKey: 'k:fx' })).toMatchObject({
			url: '',
			hasApiKey: true
		});
	});

	it('test their connection with a sample sentence', async () => {
		const { view, server } = await engineFor('libretranslate');
		expect(await mt.testEngine(getDb(), admin, { engineId: view.id })).toMatchObject({
			ok: true,
			text: 'Xinhua reports, Heilongjiang this year a bumper summer grain harvest. See Xinhuanet.',
			formattingLost: []
		});
		server.fail('server_error');
		expect(await mt.testEngine(getDb(), admin, { engineId: view.id })).toMatchObject({ ok: false, error: 'LibreTranslate answered 500; try again later.' });
	});
});

describe('a project’s engine', () => {
	it('is chosen by an owner, audited, and suggests for the active segment', async () => {
		const project = await createTeam();
		const doc = await createDocument(project, { mt: ['One.'] });
		const segment = await segmentAs(project.translator, doc.segments[0].id);
		expect(await mt.suggest(getDb(), segment)).toBeNull();
		const { view } = await engineFor('libretranslate');
		await expect(
			engines.setProjectEngine(
				getDb(),
				{ ...project.project, ...(await import('../permissions')).membership(project.translator, 'translator') },
				{ engineId: view.id }
			)
		).rejects.toMatchObject({
			code: 'forbidden'
		});
		await engines.setProjectEngine(getDb(), project.project, { engineId: view.id });
		expect(await engines.projectEngineChoice(getDb(), project.project)).toMatchObject({ current: { id: view.id, name: view.name } });
		const suggestion = await mt.suggest(getDb(), segment, fast);
		expect(suggestion).toMatchObject({ engine: { id: view.id }, translation: { ok: true } });
		await expect(engines.setProjectEngine(getDb(), project.project, { engineId: 999_999 })).rejects.toMatchObject({ code: 'not_found', field: 'engineId' });

		await engines.deleteEngine(getDb(), admin, { engineId: view.id });
		expect(await mt.suggest(getDb(), segment)).toBeNull();
		const audit = await listAudit(getDb(), { projectId: project.project.id });
		expect(audit.filter((e) => e.action === 'project.mt_engine').map((e) => e.details.to)).toEqual([null, { id: view.id, name: view.name }]);
		const [deleted] = await listServerAudit(getDb(), 'mt_engine.deleted', 1);
		expect(deleted.details).toMatchObject({ engineId: view.id, projects: 1 });
	});
});
