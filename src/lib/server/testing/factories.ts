import { currentDatabase, getDb, type DatabaseHandle } from '../db/db';
import * as jobs from '../jobs/jobs';
import { JobWorker } from '../jobs/worker';
import { JOB_KINDS } from '../jobs/registry';
import * as users from '../accounts/users';
import * as projects from '../projects/projects';
import * as documents from '../documents/documents';
import * as segments from '../documents/segments';
import * as review from '../review/review';
import { blockFromPlainText, type Block } from '../../import/model';
import type { AuthUser } from '../auth/sessions';

// Test data made through the domain's own verbs, so a test starts from states the app can reach.
// Every name and address is unique per call: test files share nothing and may run in parallel.

export const PASSWORD = 'correct horse battery';

export const paragraph = (text: string): Block => blockFromPlainText(text, { type: 'paragraph' });

let sequence = 0;
const unique = () => `${process.pid}-${++sequence}`;

export async function createUser(options: { name?: string; email?: string; admin?: boolean } = {}): Promise<AuthUser> {
	const n = unique();
	const input = { email: options.email ?? `user${n}@factory.test`, name: options.name ?? `User ${n}`, password: PASSWORD };
	return users.createUser(getDb(), input, options.admin ? { role: 'admin' } : {});
}

export interface Team {
	owner: AuthUser;
	translator: AuthUser;
	reviewer: AuthUser;
	/** Has an account, is not a member of the project. */
	outsider: AuthUser;
	project: projects.ProjectAccess;
}

/** A project with an owner, a translator and a reviewer, and one person outside it. */
export async function createTeam(options: { name?: string; sourceLang?: string; targetLang?: string } = {}): Promise<Team> {
	const n = unique();
	const [owner, translator, reviewer, outsider] = await Promise.all(
		(['Owner', 'Translator', 'Reviewer', 'Outsider'] as const).map((role) =>
			createUser({ name: `${role} ${n}`, email: `${role.toLowerCase()}${n}@factory.test` })
		)
	);
	const created = await projects.createProject(getDb(), owner, {
		name: options.name ?? `Project ${n}`,
		sourceLang: options.sourceLang ?? 'zh-Hans',
		targetLang: options.targetLang ?? 'en'
	});
	await projects.addMember(getDb(), created, { email: translator.email, role: 'translator' });
	await projects.addMember(getDb(), created, { email: reviewer.email, role: 'reviewer' });
	return { owner, translator, reviewer, outsider, project: (await projectAs(owner, created.id))! };
}

export const projectAs = (user: AuthUser, projectId: number) => projects.findProjectForMember(getDb(), user, { id: projectId });
export const documentAs = async (user: AuthUser, documentId: number) => (await documents.findDocumentForMember(getDb(), user, documentId))!;
export const segmentAs = async (user: AuthUser, segmentId: number) => (await segments.findSegmentForMember(getDb(), user, segmentId))!;

/** Imports through the verb as `user`, a member of the project who may import. */
export async function importAs(user: AuthUser, projectId: number, input: Parameters<typeof documents.createDocument>[2]) {
	return documents.createDocument(getDb(), (await projectAs(user, projectId))!, input);
}

// Placeholder sources are numbered with the heavenly stems (甲乙丙…), not digits: a digit in the
// source that the MT lacks is a real QA error, and it would block publishing the test documents.
const STEMS = '甲乙丙丁戊己庚辛壬癸';
export const placeholderNumber = (n: number): string => [...String(n)].map((d) => STEMS[Number(d)]).join('');

/**
 * A document imported by the team's translator: one segment per MT paragraph, with numbered
 * Chinese sources, or the given sources; `mt: null` imports it without a translation.
 */
export async function createDocument(
	team: Pick<Team, 'project' | 'translator'>,
	options: { mt?: string[] | null; source?: string[]; title?: string } = {}
): Promise<{ id: number; segments: documents.WorkspaceSegment[] }> {
	const mt = options.mt === undefined ? ['Heilongjiang.'] : options.mt;
	const source = options.source ?? (mt ?? ['']).map((_, i) => `第${placeholderNumber(i + 1)}段。`);
	const { id } = await importAs(team.translator, team.project.id, {
		title: options.title ?? `Document ${unique()}`,
		format: 'text',
		source: source.map(paragraph),
		translation: mt ? mt.map(paragraph) : null
	});
	return { id, segments: await documents.listSegments(getDb(), id) };
}

/**
 * Saves `text` as the segment's next revision, on top of whatever is current, through the save
 * verb (a reviewer's edit is a review edit; `review` makes an owner's one too).
 */
export async function editSegment(author: AuthUser, segmentId: number, text: string, options: { review?: boolean } = {}): Promise<number> {
	const seg = await segmentAs(author, segmentId);
	const result = await segments.saveSegment(getDb(), seg, { baseRevisionId: seg.snapshot.currentRevisionId, content: paragraph(text), review: options.review });
	if (!result.ok) throw new Error(`editSegment: segment ${segmentId} moved on meanwhile`);
	return result.segment.revisionId!;
}

/** A document the translator submitted for review (round 1). */
export async function submittedDocument(team: Team, options: { mt?: string[]; source?: string[]; title?: string } = {}) {
	const doc = await createDocument(team, options);
	await review.submitDocument(getDb(), await documentAs(team.translator, doc.id), { includeUnconfirmed: true });
	return { id: doc.id, segments: await documents.listSegments(getDb(), doc.id) };
}

/** A document whose every segment the reviewer approved. */
export async function approvedDocument(team: Team, options: { mt?: string[]; source?: string[]; title?: string } = {}) {
	const doc = await submittedDocument(team, options);
	await review.approveAllRemaining(getDb(), await documentAs(team.reviewer, doc.id));
	return { id: doc.id, segments: await documents.listSegments(getDb(), doc.id) };
}

/** A kind no worker of the tests runs: its jobs stay queued until a test cancels them. */
const fixtureJob = jobs.defineJob<{ note: string }>('test_fixture', async () => undefined);
const queuesMade = new WeakSet<DatabaseHandle>();

/**
 * Creates the queue of every kind the app runs, and the fixture's, without running any job: what a
 * test needs before a verb enqueues (a pre-translation, the pre-fill at import) with no worker about.
 */
export async function createJobQueues(): Promise<void> {
	const handle = currentDatabase();
	if (!handle) throw new Error('createJobQueues: open the test database first (useTestDatabase())');
	if (queuesMade.has(handle)) return;
	// Starting a worker installs pg-boss's schema and the kinds' queues; stopped at once, it runs nothing.
	const worker = new JobWorker(handle, { kinds: [fixtureJob, ...JOB_KINDS] });
	await worker.start();
	await worker.stop();
	queuesMade.add(handle);
}

/** A queued job of the team's project, started by `by` (the translator unless told). */
export async function queuedJob(team: Team, by: AuthUser = team.translator): Promise<number> {
	await createJobQueues();
	return (await jobs.enqueue(getDb(), fixtureJob, { note: 'fixture' }, { projectId: team.project.id, createdBy: by.id })).jobId;
}
