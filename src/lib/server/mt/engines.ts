import { sql } from 'kysely';
import { z } from 'zod';
import { inTransaction, type Database, type Trx } from '../db/db';
import { idempotencyKeySchema, once } from '../db/idempotency';
import { DomainError, validate, type Input } from '../errors';
import { requireAdministrator, requireAllowed } from '../permissions';
import { recordAudit, recordServerAudit } from '../activity/audit';
import { decryptApiKey, encryptApiKey } from './secret';
import { idSchema, MAX_ID, storableText, switchSchema, textSchema } from '../../validation';
import { PROVIDERS, type Provider } from '../../mt/providers';
import type { AuthUser } from '../auth/sessions';
import type { ProjectAccess } from '../projects/projects';

// The MT engines a server administrator configures, and the one a project's owner picks. An
// engine's API key goes in and never comes out again: views say only whether there is one.

/** An engine as translation uses it, its key decrypted: server-side only, never serialised. */
export interface MtEngine {
	id: number;
	name: string;
	provider: Provider;
	url: string;
	model: string | null;
	apiKey: string | null;
	/** A key is stored but this server's secret cannot open it. */
	keyUnreadable: boolean;
}

/** What an administrator sees of an engine. */
export interface EngineView {
	id: number;
	name: string;
	provider: Provider;
	url: string;
	model: string | null;
	hasApiKey: boolean;
	keyUnreadable: boolean;
	projects: number;
	createdBy: string | null;
	createdAt: Date;
	updatedAt: Date;
}

/** What a project member sees: which engines there are to choose from. */
export interface EngineChoice {
	id: number;
	name: string;
	provider: Provider;
}

const nameSchema = textSchema(80, 'Use at most 80 characters for the engine’s name.').min(
	1,
	'Name the engine, for example “DeepL Pro” or “Ollama on the desk server”.'
);
const providerSchema = z.enum(PROVIDERS, { error: 'Choose a provider: deepl, libretranslate or openai.' });
const urlSchema = z
	.string({ error: 'Send the URL as text.' })
	.trim()
	.max(2048, 'That URL is too long.')
	.refine((text) => text === '' || httpUrl(text) !== null, 'Enter an http or https URL without a user name or password, like http://localhost:5000.');
const modelSchema = textSchema(200, 'Use at most 200 characters for the model.');
// Absent or empty: keep the key there is; null: remove it.
const apiKeySchema = z
	.union([z.null(), z.string({ error: 'Send the API key as text, or null to remove it.' })], { error: 'Send the API key as text, or null to remove it.' })
	.optional()
	.transform((key) => (key === null ? null : key === undefined ? undefined : storableText(key).trim() || undefined))
	.refine((key) => key == null || key.length <= 1000, 'That API key is too long.');

function httpUrl(text: string): URL | null {
	try {
		const url = new URL(text);
		return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password ? url : null;
	} catch {
		return null;
	}
}

const fields = {
	name: nameSchema,
	provider: providerSchema,
	url: urlSchema.optional().transform((u) => u ?? ''),
	model: modelSchema.optional().transform((m) => m || null),
	apiKey: apiKeySchema,
	removeApiKey: switchSchema('Say whether to remove the API key.')
};

type EngineFields = { provider: Provider; url: string; model: string | null };

function requireProviderFields(engine: EngineFields, ctx: z.RefinementCtx): void {
	if (engine.provider !== 'deepl' && engine.url === '') {
		ctx.addIssue({
			code: 'custom',
			path: ['url'],
			message: 'Enter the server’s URL, like http://localhost:5000 for LibreTranslate or http://localhost:11434/v1 for Ollama.'
		});
	}
	if (engine.provider === 'openai' && !engine.model) {
		ctx.addIssue({ code: 'custom', path: ['model'], message: 'Name the model to ask, like llama3.1:8b or gpt-4o-mini.' });
	}
}

export const engineInputSchema = z.object({ ...fields, idempotencyKey: idempotencyKeySchema }).superRefine(requireProviderFields);
export const engineRefSchema = z.object({ engineId: idSchema('Choose an engine.') });
const engineChangeSchema = z.object(fields).superRefine(requireProviderFields);

function views(db: Database | Trx) {
	return db
		.selectFrom('mtEngines as e')
		.leftJoin('users', 'users.id', 'e.createdBy')
		.select([
			'e.id',
			'e.name',
			'e.provider',
			'e.url',
			'e.model',
			'e.apiKeyEncrypted',
			'users.name as createdBy',
			'e.createdAt',
			'e.updatedAt',
			(eb) =>
				eb
					.selectFrom('projects')
					.select(sql<number>`count(*)::int`.as('n'))
					.whereRef('projects.mtEngineId', '=', 'e.id')
					.as('projects')
		]);
}

function viewOf(row: Awaited<ReturnType<ReturnType<typeof views>['executeTakeFirstOrThrow']>>): EngineView {
	const { apiKeyEncrypted, projects, ...rest } = row;
	return {
		...rest,
		projects: projects ?? 0,
		hasApiKey: apiKeyEncrypted !== null,
		keyUnreadable: apiKeyEncrypted !== null && decryptApiKey(apiKeyEncrypted) === null
	};
}

export async function listEngines(db: Database, actor: AuthUser): Promise<EngineView[]> {
	requireAdministrator(actor);
	return (
		await views(db)
			.orderBy(sql`lower(e.name)`)
			.orderBy('e.id')
			.execute()
	).map(viewOf);
}

export async function findEngine(db: Database, actor: AuthUser, input: Input<typeof engineRefSchema>): Promise<EngineView> {
	requireAdministrator(actor);
	const { engineId } = validate(engineRefSchema, input);
	const row = await views(db).where('e.id', '=', engineId).executeTakeFirst();
	if (!row) throw new DomainError('not_found', 'No such engine.', 'engineId');
	return viewOf(row);
}

async function requireFreeName(trx: Trx, name: string, except: number | null): Promise<void> {
	let query = trx
		.selectFrom('mtEngines')
		.select('id')
		.where(sql<string>`lower(name)`, '=', name.toLowerCase());
	if (except !== null) query = query.where('id', '!=', except);
	if (await query.executeTakeFirst()) throw new DomainError('conflict', `An engine named “${name}” exists already; choose another name.`, 'name');
}

// Serialises engine writes, so that the name check holds under concurrent additions.
const ENGINES_LOCK = 7_301_013;

/** Adds an engine (administrators only); the key, if any, is stored encrypted. */
export async function createEngine(db: Database, actor: AuthUser, input: Input<typeof engineInputSchema>): Promise<EngineView> {
	requireAdministrator(actor);
	const { name, provider, url, model, apiKey, idempotencyKey } = validate(engineInputSchema, input);
	const apiKeyEncrypted = apiKey ? encryptApiKey(apiKey) : null;
	const { result } = await once(db, actor, idempotencyKey, 'mt_engine.create', async (trx) => {
		await sql`select pg_advisory_xact_lock(${ENGINES_LOCK})`.execute(trx);
		await requireFreeName(trx, name, null);
		const { id } = await trx
			.insertInto('mtEngines')
			.values({ name, provider, url, model, apiKeyEncrypted, createdBy: actor.id })
			.returning('id')
			.executeTakeFirstOrThrow();
		await recordServerAudit(trx, {
			actorId: actor.id,
			action: 'mt_engine.created',
			details: { engineId: id, name, provider, url, model, hasApiKey: apiKeyEncrypted !== null }
		});
		return { id };
	});
	return findEngine(db, actor, { engineId: result.id });
}

/**
 * Changes an engine (administrators only). Fields left out keep their value; `apiKey` absent or
 * empty keeps the key, a new one replaces it, null or `removeApiKey` removes it.
 */
export async function updateEngine(
	db: Database,
	actor: AuthUser,
	input: Input<typeof engineRefSchema> & Input<typeof engineChangeSchema>
): Promise<EngineView> {
	requireAdministrator(actor);
	const { engineId } = validate(engineRefSchema, input);
	await inTransaction(db, async (trx) => {
		await sql`select pg_advisory_xact_lock(${ENGINES_LOCK})`.execute(trx);
		const before = await trx.selectFrom('mtEngines').selectAll().where('id', '=', engineId).forUpdate().executeTakeFirst();
		if (!before) throw new DomainError('not_found', 'No such engine.', 'engineId');
		const given = Object.fromEntries(Object.entries(input).filter(([k, v]) => k !== 'engineId' && v !== undefined));
		const next = validate(engineChangeSchema, { name: before.name, provider: before.provider, url: before.url, model: before.model ?? undefined, ...given });
		await requireFreeName(trx, next.name, engineId);
		const removeKey = next.removeApiKey || next.apiKey === null;
		const apiKeyEncrypted = next.apiKey ? encryptApiKey(next.apiKey) : removeKey ? null : before.apiKeyEncrypted;
		await trx
			.updateTable('mtEngines')
			.set({ name: next.name, provider: next.provider, url: next.url, model: next.model, apiKeyEncrypted, updatedAt: new Date() })
			.where('id', '=', engineId)
			.execute();
		const changed = (['name', 'provider', 'url', 'model'] as const).filter((k) => before[k] !== next[k]);
		const key = next.apiKey ? 'replaced' : removeKey && before.apiKeyEncrypted ? 'removed' : null;
		if (changed.length || key) {
			await recordServerAudit(trx, {
				actorId: actor.id,
				action: 'mt_engine.updated',
				details: {
					engineId,
					name: next.name,
					changed: Object.fromEntries(changed.map((k) => [k, { from: before[k], to: next[k] }])),
					...(key ? { apiKey: key } : {})
				}
			});
		}
	});
	return findEngine(db, actor, { engineId });
}

/** Removes an engine (administrators only); the projects that used it are left without one, and their audit logs say so. */
export async function deleteEngine(db: Database, actor: AuthUser, input: Input<typeof engineRefSchema>): Promise<void> {
	requireAdministrator(actor);
	const { engineId } = validate(engineRefSchema, input);
	await inTransaction(db, async (trx) => {
		const engine = await trx.selectFrom('mtEngines').select(['id', 'name', 'provider']).where('id', '=', engineId).forUpdate().executeTakeFirst();
		if (!engine) throw new DomainError('not_found', 'No such engine.', 'engineId');
		const users = await trx.selectFrom('projects').select('id').where('mtEngineId', '=', engineId).execute();
		await trx.deleteFrom('mtEngines').where('id', '=', engineId).execute();
		await recordServerAudit(trx, {
			actorId: actor.id,
			action: 'mt_engine.deleted',
			details: { engineId, name: engine.name, provider: engine.provider, projects: users.length }
		});
		await recordAudit(
			trx,
			...users.map((p) => ({
				projectId: p.id,
				actorId: actor.id,
				action: 'project.mt_engine',
				details: { from: { id: engine.id, name: engine.name }, to: null, reason: 'engine deleted' }
			}))
		);
	});
}

/** The engine with its key decrypted, for translating; null when there is no such engine. No permission: callers have checked theirs. */
export async function engineById(db: Database, engineId: number): Promise<MtEngine | null> {
	const row = await db
		.selectFrom('mtEngines')
		.select(['id', 'name', 'provider', 'url', 'model', 'apiKeyEncrypted'])
		.where('id', '=', engineId)
		.executeTakeFirst();
	if (!row) return null;
	const { apiKeyEncrypted, ...engine } = row;
	const apiKey = apiKeyEncrypted === null ? null : decryptApiKey(apiKeyEncrypted);
	return { ...engine, apiKey, keyUnreadable: apiKeyEncrypted !== null && apiKey === null };
}

// JSON's integer or null, strictly: a form's choice is turned into one by `engineIdFromForm`.
export const projectEngineSchema = z.object({
	engineId: z
		.number({ error: 'engineId must be the id of an engine, or null for none.' })
		.int('engineId must be the id of an engine, or null for none.')
		.positive('engineId must be the id of an engine, or null for none.')
		.max(MAX_ID, 'engineId must be the id of an engine, or null for none.')
		.nullable()
});

/** A select's value (digits, or empty for none) as the verb takes it; anything else is passed on for the verb to refuse. */
export function engineIdFromForm(value: string | undefined): unknown {
	if (value === undefined || value === '') return null;
	return /^[1-9][0-9]{0,9}$/.test(value) ? Number(value) : value;
}

/** The project's engine and those it may choose from; empty when the server has none, and MT is then not offered at all. */
export async function projectEngineChoice(db: Database, project: ProjectAccess): Promise<{ current: EngineChoice | null; engines: EngineChoice[] }> {
	requireAllowed(project, 'read');
	const [engines, row] = await Promise.all([
		db
			.selectFrom('mtEngines')
			.select(['id', 'name', 'provider'])
			.orderBy(sql`lower(name)`)
			.orderBy('id')
			.execute(),
		db.selectFrom('projects').select('mtEngineId').where('id', '=', project.id).executeTakeFirstOrThrow()
	]);
	return { current: engines.find((e) => e.id === row.mtEngineId) ?? null, engines };
}

/** Chooses the project's engine, or none (owners: 'manage'); recorded in the project's audit log. */
export async function setProjectEngine(
	db: Database,
	project: ProjectAccess,
	input: Input<typeof projectEngineSchema>
): Promise<{ engine: EngineChoice | null }> {
	requireAllowed(project, 'manage');
	const { engineId } = validate(projectEngineSchema, input);
	return inTransaction(db, async (trx) => {
		const engine =
			engineId === null ? null : await trx.selectFrom('mtEngines').select(['id', 'name', 'provider']).where('id', '=', engineId).forShare().executeTakeFirst();
		if (engine === undefined) throw new DomainError('not_found', 'No such engine; choose one from the list.', 'engineId');
		const before = await trx
			.selectFrom('projects')
			.leftJoin('mtEngines', 'mtEngines.id', 'projects.mtEngineId')
			.select(['projects.mtEngineId', 'mtEngines.name'])
			.where('projects.id', '=', project.id)
			.forUpdate('projects')
			.executeTakeFirstOrThrow();
		if (before.mtEngineId === (engine?.id ?? null)) return { engine };
		await trx
			.updateTable('projects')
			.set({ mtEngineId: engine?.id ?? null })
			.where('id', '=', project.id)
			.execute();
		await recordAudit(trx, {
			projectId: project.id,
			actorId: project.actor.id,
			action: 'project.mt_engine',
			details: { from: before.mtEngineId === null ? null : { id: before.mtEngineId, name: before.name }, to: engine && { id: engine.id, name: engine.name } }
		});
		return { engine };
	});
}
