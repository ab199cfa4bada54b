import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '../db/db';
import { useTestDatabase } from '../testing/test-db';
import { createTeam, paragraph, projectAs } from '../testing/factories';
import * as projects from '../projects/projects';
import type { Block } from '../../import/model';
import { addUnits } from './units';
import { importTmx, runImport, createImport } from './tmx-import';
import { exportTmx } from './tmx-export';
import { forgetAbandonedUploads, receiveTmx } from './tmx-upload';
import { shareMemory, unshareMemory, listShares } from './shares';
import { readableProjects } from './tm';
import { JobWorker } from '../jobs/worker';
import * as jobs from '../jobs/jobs';
import { tmxImportJob } from './tmx-import-job';

// Integration: TMX import (all or nothing, staged in batches), export and the round trip of
// inline codes, the background job for large files, and sharing memories between projects.

const database = useTestDatabase();
const fixture = (name: string) => readFileSync(`src/lib/tm/fixtures/${name}`);

let worker: JobWorker;
beforeAll(async () => {
	// Start-up creates each kind's queue: a job can be enqueued only once it exists.
	worker = new JobWorker(database.handle(), {
		kinds: [tmxImportJob as jobs.JobKind<never>],
		pollIntervalMs: 50,
		maintenanceIntervalSeconds: 1,
		watchIntervalMs: 100
	});
	await worker.start();
});
afterAll(async () => {
	await worker?.stop();
});
afterEach(() => {
	vi.unstubAllEnvs();
});

async function liveUnits(projectId: number): Promise<number> {
	const row = await getDb()
		.selectFrom('tmUnits')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('projectId', '=', projectId)
		.where('replacedAt', 'is', null)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

const stagedRows = async () => Number((await sql<{ n: number }>`select count(*)::int as n from tm_import_units`.execute(getDb())).rows[0].n);

/** tm_key_counts against a count of the live units' keys: the two must agree exactly. */
async function keyCountsAgree(): Promise<void> {
	const { rows } = await sql<{ side: number; key: number; counted: number; stored: number }>`
		with actual as (
			select 0 as side, k as key, count(*)::int as n from tm_units, unnest(source_keys) k where replaced_at is null group by k
			union all
			select 1, k, count(*)::int from tm_units, unnest(target_keys) k where replaced_at is null group by k
		)
		select coalesce(a.side, c.side) as side, coalesce(a.key, c.key) as key, coalesce(a.n, 0) as counted, coalesce(c.units, 0) as stored
		from actual a full join tm_key_counts c on c.side = a.side and c.key = a.key
		where coalesce(a.n, 0) <> coalesce(c.units, 0)
		limit 5`.execute(getDb());
	expect(rows).toEqual([]);
}

/** A TMX of `n` generated units in zh → en. */
function generatedTmx(n: number, prefix = '单位'): string {
	const tus = Array.from(
		{ length: n },
		(_, i) => `<tu><tuv xml:lang="zh-CN"><seg>${prefix}第${i}句。</seg></tuv><tuv xml:lang="en-US"><seg>Unit sentence ${i}.</seg></tuv></tu>`
	);
	return `<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="zh-CN" datatype="plaintext" segtype="sentence" o-tmf="x" adminlang="en" creationtool="t" creationtoolversion="1"/><body>\n${tus.join('\n')}\n</body></tmx>\n`;
}

const bold = (text: string) => ({ type: 'text' as const, text, marks: [{ type: 'strong' as const }] });
const italic = (text: string) => ({ type: 'text' as const, text, marks: [{ type: 'em' as const }] });
const link = (text: string, href: string) => ({ type: 'text' as const, text, marks: [{ type: 'link' as const, attrs: { href, title: null } }] });
const text = (t: string) => ({ type: 'text' as const, text: t });

describe('TMX import', () => {
	it('imports the units in the project’s pair, lists what it skipped, and skips what the memory holds already', async () => {
		const team = await createTeam();
		const first = await importTmx(getDb(), team.project, [fixture('omegat.tmx')]);
		expect(first.imported).toBeGreaterThan(0);
		expect(first.skipped).toBe(first.skips.length);
		for (const s of first.skips) expect(s.line).toBeGreaterThan(0);
		expect(await liveUnits(team.project.id)).toBe(first.imported);

		const again = await importTmx(getDb(), team.project, [fixture('omegat.tmx')]);
		expect(again.imported).toBe(0);
		expect(again.skipped).toBe(first.imported + first.skipped);
		expect(again.skips.filter((s) => s.reason.includes('already in the translation memory'))).toHaveLength(first.imported);
		expect(await liveUnits(team.project.id)).toBe(first.imported);
		expect(await stagedRows()).toBe(0);
		await keyCountsAgree();
	});

	it('counts the same pair twice in one file once', async () => {
		const team = await createTeam();
		const tmx = generatedTmx(3).replace(
			'</body>',
			`<tu><tuv xml:lang="zh-CN"><seg>单位第1句。</seg></tuv><tuv xml:lang="en"><seg>Unit sentence 1.</seg></tuv></tu></body>`
		);
		const result = await importTmx(getDb(), team.project, [tmx]);
		expect(result).toMatchObject({ imported: 3, skipped: 1, skips: [{ reason: expect.stringContaining('earlier unit of this file') }] });
	});

	it('round-trips bold, italic, links and hard breaks through export and import', async () => {
		const team = await createTeam();
		const source: Block = {
			type: 'paragraph',
			content: [bold('加粗'), text('和'), italic('斜体'), { type: 'hard_break' }, link('链接', 'https://example.com/a?b=1&c=2')]
		};
		const target: Block = {
			type: 'paragraph',
			content: [bold('Bold'), text(' and '), italic('italic'), { type: 'hard_break' }, link('link', 'https://example.com/a?b=1&c=2')]
		};
		await addUnits(getDb(), [
			{ projectId: team.project.id, sourceLang: 'zh-Hans', targetLang: 'en', source, target, prevSource: '前一句。', nextSource: null, origin: 'approval' },
			{
				projectId: team.project.id,
				sourceLang: 'zh-Hans',
				targetLang: 'en',
				source: paragraph('纯文本。'),
				target: paragraph('Plain text.'),
				prevSource: null,
				nextSource: null,
				origin: 'approval'
			}
		]);
		const file = exportTmx(getDb(), team.project);
		let xml = '';
		for await (const chunk of file.chunks) xml += chunk;
		expect(file.filename).toBe(`${team.project.slug}-memory.tmx`);
		expect(xml).toContain('<bpt');

		const other = await createTeam();
		const result = await importTmx(getDb(), other.project, [xml]);
		expect(result).toEqual({ imported: 2, skipped: 0, skips: [] });
		const units = await getDb()
			.selectFrom('tmUnits')
			.select(['source', 'target', 'prevSource', 'origin'])
			.where('projectId', '=', other.project.id)
			.orderBy('id')
			.execute();
		expect(units[0]).toEqual({ source, target, prevSource: '前一句。', origin: 'import' });
		expect(units[1]).toMatchObject({ source: paragraph('纯文本。'), target: paragraph('Plain text.') });
		await keyCountsAgree();
	});

	it('refuses a file in another language pair, malformed XML, and a file over the limit, importing nothing', async () => {
		const team = await createTeam();
		await importTmx(getDb(), team.project, [generatedTmx(2, '已有')]);
		const before = await liveUnits(team.project.id);
		await expect(importTmx(getDb(), team.project, [fixture('wrong-pair.tmx')])).rejects.toMatchObject({
			code: 'invalid',
			message: expect.stringContaining('the project translates')
		});
		await expect(importTmx(getDb(), team.project, [fixture('malformed.tmx')])).rejects.toMatchObject({
			code: 'invalid',
			message: expect.stringMatching(/line \d+/)
		});
		// Many good units first: the refusal at the end must take back every staged batch.
		const wrongAtTheEnd = generatedTmx(1_200).replace('</body>', '<tu><tuv xml:lang="zh"><seg>坏</seg></body>');
		await expect(importTmx(getDb(), team.project, [wrongAtTheEnd])).rejects.toMatchObject({ code: 'invalid' });
		await expect(importTmx(getDb(), team.project, [generatedTmx(50)], { maxBytes: 1_000 })).rejects.toMatchObject({
			code: 'payload_too_large',
			message: expect.stringContaining('larger than')
		});
		expect(await liveUnits(team.project.id)).toBe(before);
		expect(await stagedRows()).toBe(0);
		expect(Number((await sql<{ n: number }>`select count(*)::int as n from tm_imports`.execute(getDb())).rows[0].n)).toBe(0);
		await keyCountsAgree();
	});

	it('reads UTF-16 with a byte order mark and refuses UTF-32', async () => {
		const team = await createTeam();
		const xml = generatedTmx(2).replace('encoding="UTF-8"', 'encoding="UTF-16"');
		const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]);
		// Cut into odd pieces: a character's two bytes may arrive apart.
		const pieces = [utf16.subarray(0, 3), utf16.subarray(3, 101), utf16.subarray(101)];
		expect(await importTmx(getDb(), team.project, pieces)).toMatchObject({ imported: 2 });
		const utf32 = Buffer.from([0xff, 0xfe, 0x00, 0x00, 0x3c, 0x00, 0x00, 0x00]);
		await expect(
			receiveTmx(
				getDb(),
				team.project,
				(async function* () {
					yield utf32;
				})(),
				8
			)
		).rejects.toMatchObject({ message: expect.stringContaining('UTF-32') });
	});

	it('lets only owners import', async () => {
		const team = await createTeam();
		const translator = (await projectAs(team.translator, team.project.id))!;
		await expect(importTmx(getDb(), translator, [generatedTmx(1)])).rejects.toMatchObject({ code: 'forbidden' });
		await expect(
			receiveTmx(
				getDb(),
				translator,
				(async function* () {
					yield Buffer.from(generatedTmx(1));
				})(),
				null
			)
		).rejects.toMatchObject({ code: 'forbidden' });
		expect(await liveUnits(team.project.id)).toBe(0);
	});

	it('runs an interrupted import again from the start and imports each unit once', async () => {
		const team = await createTeam();
		const target = { projectId: team.project.id, sourceLang: 'zh-Hans', targetLang: 'en', actorId: team.owner.id };
		const importId = await createImport(getDb(), target);
		const file = generatedTmx(1_300);
		// The first run dies after more than two batches were staged.
		async function* dying() {
			yield file.slice(0, Math.floor(file.length * 0.9));
			throw new Error('The process was killed.');
		}
		await expect(runImport(getDb(), target, importId, dying())).rejects.toThrow('killed');
		expect(await liveUnits(team.project.id)).toBe(0);
		const result = await runImport(getDb(), target, importId, [file]);
		expect(result).toMatchObject({ imported: 1_300, skipped: 0 });
		// A run after the final commit (the job's completion was lost) only reports it.
		expect(await runImport(getDb(), target, importId, [file])).toEqual(result);
		expect(await liveUnits(team.project.id)).toBe(1_300);
		expect(await stagedRows()).toBe(0);
		await keyCountsAgree();
	});

	it('imports a large file as a background job that reports its progress', async () => {
		vi.stubEnv('TMX_IMPORT_JOB_BYTES', '2000');
		const team = await createTeam();
		const file = Buffer.from(generatedTmx(600, '任务'));
		const pieces = (async function* () {
			for (let i = 0; i < file.length; i += 700) yield file.subarray(i, i + 700);
		})();
		const outcome = await receiveTmx(getDb(), team.project, pieces, file.length);
		expect(outcome.kind).toBe('job');
		if (outcome.kind !== 'job') return;
		expect(await liveUnits(team.project.id)).toBe(0);
		{
			const deadline = Date.now() + 30_000;
			let job = await jobs.getJob(getDb(), outcome.jobId);
			while (job && !['done', 'failed', 'cancelled'].includes(job.state) && Date.now() < deadline) {
				await new Promise((r) => setTimeout(r, 100));
				job = await jobs.getJob(getDb(), outcome.jobId);
			}
			expect(job).toMatchObject({ state: 'done', result: { imported: 600, skipped: 0 } });
			expect(job!.total).toBe(Math.ceil(file.length / 1024));
			expect(job!.done).toBe(job!.total);
		}
		expect(await liveUnits(team.project.id)).toBe(600);
		// The uploaded bytes are gone once imported.
		expect(Number((await sql<{ n: number }>`select count(*)::int as n from tm_import_chunks`.execute(getDb())).rows[0].n)).toBe(0);
	});

	it('fails a job whose file is refused at once, without retries, importing nothing', async () => {
		vi.stubEnv('TMX_IMPORT_JOB_BYTES', '100');
		const team = await createTeam();
		const bad = Buffer.from(generatedTmx(20).replace('</body>', '<tu></body>'));
		const outcome = await receiveTmx(
			getDb(),
			team.project,
			(async function* () {
				yield bad;
			})(),
			bad.length
		);
		if (outcome.kind !== 'job') throw new Error('expected a job');
		{
			const deadline = Date.now() + 30_000;
			let job = await jobs.getJob(getDb(), outcome.jobId);
			while (job && job.state !== 'failed' && Date.now() < deadline) {
				await new Promise((r) => setTimeout(r, 100));
				job = await jobs.getJob(getDb(), outcome.jobId);
			}
			expect(job?.state).toBe('failed');
			expect(job!.errors.at(-1)?.message).toMatch(/not well-formed XML \(line \d+\)/);
		}
		expect(await liveUnits(team.project.id)).toBe(0);
	});

	it('refuses an upload past the limit while it streams, keeping nothing', async () => {
		vi.stubEnv('TMX_IMPORT_MAX_BYTES', '5000');
		vi.stubEnv('TMX_IMPORT_JOB_BYTES', '1000');
		const team = await createTeam();
		let sent = 0;
		async function* endless() {
			yield Buffer.from('<?xml version="1.0"?><tmx version="1.4"><header srclang="zh"/><body>');
			for (;;) {
				sent += 1000;
				yield Buffer.alloc(1000, 0x20);
			}
		}
		await expect(receiveTmx(getDb(), team.project, endless(), null)).rejects.toMatchObject({ code: 'payload_too_large' });
		expect(sent).toBeLessThan(10_000);
		await expect(receiveTmx(getDb(), team.project, endless(), 2 * 1024 ** 3)).rejects.toMatchObject({ code: 'payload_too_large' });
		expect(await getDb().selectFrom('tmImports').select('id').where('projectId', '=', team.project.id).execute()).toEqual([]);
	});

	it('forgets an upload its process never finished once it is a day old, and nothing else', async () => {
		const team = await createTeam();
		const db = getDb();
		const pair = { projectId: team.project.id, sourceLang: 'zh', targetLang: 'en', actorId: team.owner.id };
		const abandoned = await createImport(db, pair);
		const recent = await createImport(db, pair);
		const finished = await createImport(db, pair);
		for (const id of [abandoned, recent, finished])
			await db
				.insertInto('tmImportChunks')
				.values({ importId: id, seq: 0, data: Buffer.from('<tmx') })
				.execute();
		await db
			.updateTable('tmImports')
			.set({ createdAt: sql`now() - interval '25 hours'` })
			.where('id', 'in', [abandoned, finished])
			.execute();
		await db
			.updateTable('tmImports')
			.set({ completedAt: sql`now()` })
			.where('id', '=', finished)
			.execute();
		await forgetAbandonedUploads(db);
		const left = await db.selectFrom('tmImports').select('id').where('projectId', '=', team.project.id).orderBy('id').execute();
		expect(left.map((r) => r.id)).toEqual([recent, finished]);
		const chunks = await db.selectFrom('tmImportChunks').select('importId').where('importId', '=', abandoned).execute();
		expect(chunks).toEqual([]);
	});
});

describe('sharing memories', () => {
	it('lets an owner of both projects share a memory, which the export of the reader never includes', async () => {
		const a = await createTeam();
		const b = await createTeam();
		await projects.addMember(getDb(), b.project, { email: a.owner.email, role: 'owner' });
		await importTmx(getDb(), b.project, [generatedTmx(2, '共享')]);
		const reader = (await projectAs(a.owner, a.project.id))!;
		expect((await listShares(getDb(), reader)).map((s) => [s.projectId, s.shared, s.canChange])).toEqual([[b.project.id, false, true]]);
		await shareMemory(getDb(), a.owner, { projectId: a.project.id, sourceProjectId: b.project.id });
		expect(await readableProjects(getDb(), { ...reader, projectId: reader.id })).toEqual([a.project.id, b.project.id]);
		expect((await listShares(getDb(), reader))[0]).toMatchObject({ shared: true, units: 2 });
		let xml = '';
		for await (const chunk of exportTmx(getDb(), reader).chunks) xml += chunk;
		expect(xml).not.toContain('共享');
		const audit = await getDb().selectFrom('auditEvents').select(['projectId', 'action']).where('action', 'like', 'tm.%').execute();
		expect(audit).toEqual(
			expect.arrayContaining([
				{ projectId: a.project.id, action: 'tm.shared' },
				{ projectId: b.project.id, action: 'tm.shared' }
			])
		);
		await unshareMemory(getDb(), a.owner, { projectId: a.project.id, sourceProjectId: b.project.id });
		expect(await readableProjects(getDb(), { ...reader, projectId: reader.id })).toEqual([a.project.id]);
	});

	it('refuses a share to someone who does not manage both projects', async () => {
		const a = await createTeam();
		const b = await createTeam();
		// Not a member of b: as if it did not exist.
		await expect(shareMemory(getDb(), a.owner, { projectId: a.project.id, sourceProjectId: b.project.id })).rejects.toMatchObject({ code: 'not_found' });
		await projects.addMember(getDb(), b.project, { email: a.owner.email, role: 'translator' });
		await expect(shareMemory(getDb(), a.owner, { projectId: a.project.id, sourceProjectId: b.project.id })).rejects.toMatchObject({ code: 'forbidden' });
		await expect(shareMemory(getDb(), a.translator, { projectId: a.project.id, sourceProjectId: a.project.id })).rejects.toMatchObject({ code: 'invalid' });
		const de = await createTeam({ targetLang: 'de' });
		await projects.addMember(getDb(), de.project, { email: a.owner.email, role: 'owner' });
		await expect(shareMemory(getDb(), a.owner, { projectId: a.project.id, sourceProjectId: de.project.id })).rejects.toMatchObject({
			code: 'invalid',
			message: expect.stringContaining('translates')
		});
		expect(await getDb().selectFrom('tmShares').selectAll().where('projectId', '=', a.project.id).execute()).toEqual([]);
	});
});
