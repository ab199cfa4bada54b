import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '../db/db';
import { useTestDatabase } from '../testing/test-db';
import {
	approvedDocument,
	createDocument,
	createTeam,
	createUser,
	documentAs,
	editSegment,
	importAs,
	paragraph,
	projectAs,
	type Team
} from '../testing/factories';
import { startMtServer, type FailureMode, type MtTestServer } from '../testing/mt-servers';
import * as engines from '../mt/engines';
import * as jobs from '../jobs/jobs';
import { JobWorker } from '../jobs/worker';
import { listAudit } from '../activity/audit';
import { setTmSettings } from '../tm/tm';
import { definePretranslateJob } from './job';
import { fillSegment, segmentsWithoutTranslation } from './fill';
import { pretranslate, pretranslateOffer } from './pretranslate';
import type { AuthUser } from '../auth/sessions';
import type { Block } from '../../import/model';

// Pre-translation end to end inside one process: the verb queues, a worker runs the job against
// a local server speaking LibreTranslate's protocol, and the segments get 'tm' and 'mt' revisions.

const database = useTestDatabase();
const FAST = { pollIntervalMs: 50, maintenanceIntervalSeconds: 1, watchIntervalMs: 100 };
// The job as registered, with the engine's time limit and backoff cut short for the failure modes.
const kind = definePretranslateJob({ timeoutMs: 300, backoffMs: 5 });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let admin: AuthUser;
let server: MtTestServer;
let worker: JobWorker;
let engineId: number;

beforeAll(async () => {
	admin = await createUser({ admin: true });
	server = await startMtServer('libretranslate');
	server.retryAfterSeconds = 0;
	engineId = (await engines.createEngine(getDb(), admin, { name: 'Local Libre', provider: 'libretranslate', url: server.url })).id;
	worker = new JobWorker(database.handle(), { kinds: [kind], ...FAST });
	await worker.start();
});
afterAll(async () => {
	await worker?.stop();
	await server?.close();
});

async function teamWithEngine(): Promise<Team> {
	const team = await createTeam();
	await engines.setProjectEngine(getDb(), team.project, { engineId });
	return team;
}

async function finished(jobId: number) {
	const deadline = Date.now() + 30_000;
	for (;;) {
		const job = await jobs.getJob(getDb(), jobId);
		if (job && ['done', 'failed', 'cancelled'].includes(job.state)) return job;
		if (Date.now() > deadline) throw new Error(`job ${jobId} did not finish`);
		await sleep(50);
	}
}

const bold: Block = {
	type: 'paragraph',
	content: [
		{ type: 'text', text: '新华社报道，' },
		{ type: 'text', text: '黑龙江', marks: [{ type: 'strong' }] },
		{ type: 'text', text: '今年夏粮丰收。' }
	]
};

/** A document imported without MT: the bold sentence, then plain ones. */
async function emptyDocument(team: Team, sources: (string | Block)[]) {
	const { id } = await importAs(team.translator, team.project.id, {
		title: `Empty ${Math.random()}`,
		format: 'text',
		source: sources.map((s) => (typeof s === 'string' ? paragraph(s) : s)),
		translation: null
	});
	return id;
}

const revisionsOf = (documentId: number) =>
	getDb()
		.selectFrom('segments')
		.leftJoin('revisions', 'revisions.segmentId', 'segments.id')
		.select([
			'segments.position',
			'segments.state',
			'segments.mtRevisionId',
			'revisions.id',
			'revisions.origin',
			'revisions.authorId',
			'revisions.content',
			'revisions.text'
		])
		.where('segments.documentId', '=', documentId)
		.orderBy('segments.position')
		.orderBy('revisions.id')
		.execute();

describe('pre-translation', () => {
	it('fills empty segments from the memory (tm) and the engine (mt), keeping bold, as the member who started it', async () => {
		const team = await teamWithEngine();
		await approvedDocument(team, { source: ['第一段。'], mt: ['The first paragraph, approved.'] });
		await setTmSettings(getDb(), team.project, { minScore: 50, prefillScore: 100 });
		// Importing without MT queues the memory-only pre-fill at once.
		const id = await emptyDocument(team, ['第一段。', bold, '结束。']);
		const prefill = await jobs.getJob(getDb(), (await pretranslateOffer(getDb(), await documentAs(team.translator, id)))!.activeJobId!);
		expect((await finished(prefill!.id)).result).toEqual({ tm: 1, mt: 0, failed: 0, skipped: 0 });

		const doc = await documentAs(team.translator, id);
		expect(await pretranslateOffer(getDb(), doc)).toMatchObject({
			engine: { id: engineId, name: 'Local Libre' },
			prefillScore: 100,
			empty: 2,
			activeJobId: null
		});
		const { jobId, created } = await pretranslate(getDb(), doc);
		expect(created).toBe(true);
		const job = await finished(jobId);
		expect(job).toMatchObject({ state: 'done', done: 2, total: 2, errors: [], result: { tm: 0, mt: 2, failed: 0, skipped: 0 } });

		const rows = await revisionsOf(id);
		expect(rows.map((r) => [r.position, r.origin, r.state, r.authorId, r.text])).toEqual([
			[1, 'tm', 'edited', team.translator.id, 'The first paragraph, approved.'],
			[2, 'mt', 'mt', team.translator.id, 'Xinhua reports, Heilongjiang this year a bumper summer grain harvest.'],
			[3, 'mt', 'mt', team.translator.id, 'end.']
		]);
		expect(rows[1].mtRevisionId).toBe(rows[1].id);
		expect(rows[0].mtRevisionId).toBeNull();
		expect((rows[1].content as Block).content).toContainEqual({ type: 'text', text: 'Heilongjiang', marks: [{ type: 'strong' }] });
		const audit = await listAudit(getDb(), { documentId: id });
		expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['document.pretranslate_started', 'document.pretranslated']));

		// Nothing is left to do: asking again says so, and a run of the job again writes nothing.
		await expect(pretranslate(getDb(), doc)).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/already has a translation/) });
		const again = await jobs.enqueue(
			getDb(),
			kind,
			{ documentId: id, userId: team.translator.id, mode: 'all' },
			{ projectId: team.project.id, createdBy: team.translator.id }
		);
		expect((await finished(again.jobId)).result).toEqual({ tm: 0, mt: 0, failed: 0, skipped: 0 });
		expect(await revisionsOf(id)).toHaveLength(3);
	});

	it.each<[FailureMode, RegExp]>([
		['timeout', /LibreTranslate took longer than 0.3 s three times; try again later\./],
		['rate_limit', /LibreTranslate refused for too many requests \(429\) three times; try again later\./],
		['server_error', /LibreTranslate answered 500 three times; try again later\./],
		['wrong_key', /LibreTranslate refused the request without an API key \(403\)/],
		['garbled', /LibreTranslate did not keep the formatting \(bold on “黑龙江”\); the segment was left empty/]
	])('reports each segment an engine failing with %s could not fill, and leaves it empty', async (mode, message) => {
		const team = await teamWithEngine();
		const id = await emptyDocument(team, [bold]);
		server.fail(mode);
		try {
			const { jobId } = await pretranslate(getDb(), await documentAs(team.owner, id));
			const job = await finished(jobId);
			expect(job.state).toBe('done');
			expect(job.errors).toEqual([{ item: 1, message: expect.stringMatching(message) }]);
			expect(job.result).toMatchObject({ mt: 0, failed: 1 });
		} finally {
			server.fail('none', 0);
		}
		expect((await revisionsOf(id)).map((r) => [r.state, r.id])).toEqual([['untranslated', null]]);
	});

	it('never overwrites a segment a person translated before the job reached it', async () => {
		const team = await teamWithEngine();
		const id = await emptyDocument(team, ['第一段。', '第二段。']);
		// The job reads what is empty when it starts; a save after that must still win its write.
		const pending = await segmentsWithoutTranslation(getDb(), id);
		expect(pending.map((p) => p.position)).toEqual([1, 2]);
		await editSegment(team.owner, pending[1].id, 'Paragraph two, by hand.');
		expect(await fillSegment(getDb(), { segmentId: pending[1].id, authorId: team.translator.id, origin: 'mt', content: paragraph('Second paragraph.') })).toBe(
			'taken'
		);
		const job = await jobs.enqueue(
			getDb(),
			kind,
			{ documentId: id, userId: team.translator.id, mode: 'all' },
			{ projectId: team.project.id, createdBy: team.translator.id }
		);
		const done = await finished(job.jobId);
		expect(done.result).toEqual({ tm: 0, mt: 1, failed: 0, skipped: 0 });
		const rows = await revisionsOf(id);
		expect(rows.map((r) => [r.position, r.origin, r.text])).toEqual([
			[1, 'mt', 'First paragraph.'],
			[2, 'human', 'Paragraph two, by hand.']
		]);
	});

	it('is refused without an engine or a pre-fill score, to reviewers, and hidden from non-members', async () => {
		const team = await createTeam();
		const id = await createDocument(team, { mt: null, source: ['第一段。'] });
		const doc = await documentAs(team.owner, id.id);
		expect(await pretranslateOffer(getDb(), doc)).toBeNull();
		await expect(pretranslate(getDb(), doc)).rejects.toMatchObject({
			code: 'conflict',
			message: expect.stringMatching(/no MT engine and no translation-memory pre-fill score/)
		});
		await engines.setProjectEngine(getDb(), (await projectAs(team.owner, team.project.id))!, { engineId });
		await expect(pretranslate(getDb(), await documentAs(team.reviewer, id.id))).rejects.toMatchObject({ code: 'forbidden' });
		expect(await pretranslateOffer(getDb(), await documentAs(team.reviewer, id.id))).toBeNull();
		expect(await (await import('../documents/documents')).findDocumentForMember(getDb(), team.outsider, id.id)).toBeNull();
	});

	it('queues one job per document at a time', async () => {
		const team = await teamWithEngine();
		const id = await emptyDocument(team, ['第一段。']);
		server.fail('timeout');
		try {
			const doc = await documentAs(team.translator, id);
			const [a, b] = await Promise.all([pretranslate(getDb(), doc), pretranslate(getDb(), doc)]);
			expect(b.jobId).toBe(a.jobId);
			expect([a.created, b.created].sort()).toEqual([false, true]);
			await finished(a.jobId);
		} finally {
			server.fail('none', 0);
		}
	});
});

describe('a pre-translation interrupted by a stop of the app', () => {
	it('is run again at the next start and does not redo the segments it filled', async () => {
		const team = await teamWithEngine();
		const id = await emptyDocument(team, ['第一段。', '第二段。', '结束。']);
		await worker.stop();
		// The first request answers, the next never does: the app stops while the job waits for it.
		server.fail('none', 0);
		const { jobId } = await pretranslate(getDb(), await documentAs(team.translator, id));
		const slow = definePretranslateJob({ timeoutMs: 60_000, backoffMs: 5 });
		const first = new JobWorker(database.handle(), { kinds: [slow], ...FAST });
		await first.start();
		// Batches of 20: the three go in one request, so block it and let the stop interrupt it.
		server.fail('timeout');
		const deadline = Date.now() + 10_000;
		while ((await jobs.getJob(getDb(), jobId))?.state !== 'running' && Date.now() < deadline) await sleep(50);
		// One segment filled by hand meanwhile: the resumed run must leave it and fill only the rest.
		const segments = await getDb().selectFrom('segments').select(['id']).where('documentId', '=', id).orderBy('position').execute();
		await editSegment(team.translator, segments[0].id, 'First, by hand.');
		const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
		await first.stop();
		expect(String(errors.mock.calls[0]?.[0])).toMatch(/pretranslate job \(\d+\) failed and will be tried again/);
		errors.mockRestore();
		expect((await jobs.getJob(getDb(), jobId))?.state).not.toBe('done');
		server.fail('none', 0);
		worker = new JobWorker(database.handle(), { kinds: [kind], ...FAST });
		await worker.start();
		const job = await finished(jobId);
		expect(job.state).toBe('done');
		expect(job.result).toEqual({ tm: 0, mt: 2, failed: 0, skipped: 0 });
		expect((await revisionsOf(id)).map((r) => [r.position, r.origin])).toEqual([
			[1, 'human'],
			[2, 'mt'],
			[3, 'mt']
		]);
	});
});
