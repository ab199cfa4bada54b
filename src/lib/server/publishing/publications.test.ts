import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../testing/test-db';
import { importAs, placeholderNumber } from '../testing/factories';
import { getDb } from '../db/db';
import * as documents from '../documents/documents';
import * as projects from '../projects/projects';
import * as publications from './publications';
import * as review from '../review/review';
import * as users from '../accounts/users';
import { editSegment } from '../testing/factories';
import { listAudit } from '../activity/audit';
import { rememberedPage, rememberPage } from './public-cache';
import { blockFromPlainText, type Block } from '../../import/model';
import type { AuthUser } from '../auth/sessions';
import type { ProjectRole } from '../db/schema.generated';
import { documentAs, projectAs, segmentAs } from '../testing/factories';

// Integration: publishing against this file's own database (PGlite, or Postgres with TEST_DATABASE_URL).

useTestDatabase();

const paragraph = (text: string): Block => blockFromPlainText(text, { type: 'paragraph' });

let owner: AuthUser;
let translator: AuthUser;
let reviewer: AuthUser;
let project: { id: number };

beforeAll(async () => {
	owner = await users.createUser(getDb(), { email: 'owner@publish.test', name: 'Olga Owner', password: 'correct horse battery' });
	translator = await users.createUser(getDb(), { email: 'translator@publish.test', name: 'Tamar Translator', password: 'correct horse battery' });
	reviewer = await users.createUser(getDb(), { email: 'reviewer@publish.test', name: 'Rui Reviewer', password: 'correct horse battery' });
	project = await projects.createProject(getDb(), owner, { name: 'Publishing desk', sourceLang: 'zh-Hans', targetLang: 'en' });
	await projects.addMember(getDb(), (await projects.findProjectForMember(getDb(), owner, { id: project.id }))!, {
		email: translator.email,
		role: 'translator'
	});
	await projects.addMember(getDb(), (await projects.findProjectForMember(getDb(), owner, { id: project.id }))!, { email: reviewer.email, role: 'reviewer' });
});

async function importDoc(mt: string[]) {
	const created = await importAs(translator, project.id, {
		title: 'Harbin <news> & “quotes”',
		format: 'text',
		source: mt.map((_, i) => paragraph(`第${placeholderNumber(i + 1)}段。`)),
		translation: mt.map(paragraph)
	});
	const as = (role: ProjectRole) => documentAs({ owner, translator, reviewer }[role], created.id);
	return { id: created.id, as };
}

async function segmentsOf(documentId: number) {
	return documents.listSegments(getDb(), documentId);
}

async function edit(segmentId: number, text: string) {
	await editSegment(translator, segmentId, text);
}

/** Submits what is ready and has the reviewer approve every submitted segment. */
async function approveAll(doc: Awaited<ReturnType<typeof importDoc>>) {
	await review.submitDocument(getDb(), await doc.as('translator'), { includeUnconfirmed: true });
	const result = await review.approveAllRemaining(getDb(), await doc.as('reviewer'));
	expect(result.skipped).toEqual([]);
}

describe('the publish gate', () => {
	it('refuses a document that is not approved, naming the segments', async () => {
		const doc = await importDoc(['One.', 'Two.', 'Three.']);
		await review.submitDocument(getDb(), await doc.as('translator'), { includeUnconfirmed: true });
		const [first] = await segmentsOf(doc.id);
		await review.approveSegment(getDb(), await segmentAs(reviewer, first.id), { revisionId: first.revisionId! });
		const reasons = await publications.publishGate(getDb(), await doc.as('owner'));
		expect(reasons).toMatchObject([
			{
				kind: 'not_approved',
				segments: [
					{ position: 2, state: 'submitted' },
					{ position: 3, state: 'submitted' }
				]
			}
		]);
		expect(reasons[0].message).toBe('2 of 3 segments are not approved: 2, 3.');
		const refused = await publications.publishDocument(getDb(), await doc.as('owner')).catch((e: unknown) => e);
		expect(refused).toBeInstanceOf(publications.PublishRefused);
		expect(await publications.listPublications(getDb(), doc.id)).toEqual([]);
	});

	it('refuses too much unmodified machine translation when the project sets a limit, and says which segments', async () => {
		const doc = await importDoc(['The Ten Thousand Project opened.', 'It was a sunny day in Harbin.']);
		const [first] = await segmentsOf(doc.id);
		await edit(first.id, 'The Ten Million Project opened in Harbin on Sunday.');
		await approveAll(doc);
		await publications.setMaxUnmodifiedMt(getDb(), (await projectAs(owner, project.id))!, { maxUnmodifiedMt: '50' });
		try {
			const reasons = await publications.publishGate(getDb(), await doc.as('owner'));
			expect(reasons).toHaveLength(1);
			expect(reasons[0]).toMatchObject({
				kind: 'unmodified_mt',
				limit: 0.5,
				segments: [
					{ position: 2, share: 1 },
					{ position: 1, share: 0.8 }
				]
			});
			expect(reasons[0].message).toMatch(
				/of the machine translation is unmodified; this project publishes at most 50 %\. Most unmodified: segments 2 \(100 %\), 1 \(80 %\)\./
			);
			await expect(publications.publishDocument(getDb(), await doc.as('owner'))).rejects.toThrow(/unmodified/);
		} finally {
			await publications.setMaxUnmodifiedMt(getDb(), (await projectAs(owner, project.id))!, { maxUnmodifiedMt: '' });
		}
		expect(await publications.publishGate(getDb(), await doc.as('owner'))).toEqual([]);
		const audit = await listAudit(getDb(), { projectId: project.id });
		expect(audit.filter((e) => e.action === 'project.max_unmodified_mt').map((e) => e.details)).toEqual([
			{ from: 0.5, to: null },
			{ from: null, to: 0.5 }
		]);
	});

	it('is for owners: translators and reviewers cannot publish', async () => {
		const doc = await importDoc(['One.']);
		await approveAll(doc);
		for (const role of ['translator', 'reviewer'] as const) {
			await expect(publications.publishDocument(getDb(), await doc.as(role))).rejects.toMatchObject({ code: 'forbidden' });
		}
	});
});

describe('publications', () => {
	it('are immutable versions: an edit after publishing changes nothing public until approved and published as version 2; rollback and unpublish', async () => {
		const doc = await importDoc(['The Ten Thousand Project.', 'Harbin <b>&</b> “Jixi”.']);
		await approveAll(doc);
		expect(await publications.publishDocument(getDb(), await doc.as('owner'))).toEqual({ version: 1 });
		const v1 = (await publications.getPublication(getDb(), doc.id))!;
		expect(v1).toMatchObject({ version: 1, current: true, publishedBy: 'Olga Owner', title: 'Harbin <news> & “quotes”' });
		expect(v1.html).toBe('<p>The Ten Thousand Project.</p>\n<p>Harbin &lt;b&gt;&amp;&lt;/b&gt; “Jixi”.</p>');
		await expect(publications.publishDocument(getDb(), await doc.as('owner'))).rejects.toThrow(/already has exactly this text/);

		const [first] = await segmentsOf(doc.id);
		await edit(first.id, 'The Ten Million Project.');
		expect((await publications.getPublication(getDb(), doc.id))!.html).toBe(v1.html);
		await expect(publications.publishDocument(getDb(), await doc.as('owner'))).rejects.toBeInstanceOf(publications.PublishRefused);

		await approveAll(doc);
		expect(await publications.publishDocument(getDb(), await doc.as('owner'))).toEqual({ version: 2 });
		const v2 = (await publications.getPublication(getDb(), doc.id))!;
		expect(v2.html).toContain('The Ten Million Project.');
		expect(v2.segments.map((s) => s.revisionId === v1.segments.find((o) => o.segmentId === s.segmentId)!.revisionId)).toEqual([false, true]);
		expect((await publications.listPublications(getDb(), doc.id)).map((p) => [p.version, p.current])).toEqual([
			[2, true],
			[1, false]
		]);
		expect(await publications.listVersions(getDb(), doc.id)).toEqual([
			{ version: 2, title: v2.title, publishedBy: v2.publishedBy, createdAt: v2.createdAt, current: true },
			{ version: 1, title: v1.title, publishedBy: v1.publishedBy, createdAt: v1.createdAt, current: false }
		]);

		// A page this process remembers is forgotten the moment the published version changes.
		rememberPage(`${doc.id}:current:a`, { etag: '"v2"', html: v2.html, embeddable: false }, Date.now());
		await publications.rollbackTo(getDb(), await doc.as('owner'), { version: 1 });
		expect(rememberedPage(`${doc.id}:current:a`, Date.now())).toBeUndefined();
		expect((await publications.getPublication(getDb(), doc.id))!.version).toBe(1);
		await expect(publications.rollbackTo(getDb(), await doc.as('owner'), { version: 1 })).rejects.toThrow(/already the published one/);
		await expect(publications.rollbackTo(getDb(), await doc.as('owner'), { version: 7 })).rejects.toMatchObject({ code: 'not_found' });
		await publications.unpublish(getDb(), await doc.as('owner'));
		expect(await publications.getPublication(getDb(), doc.id)).toBeNull();
		expect((await publications.getPublication(getDb(), doc.id, 2))!.version).toBe(2);
		await expect(publications.unpublish(getDb(), await doc.as('owner'))).rejects.toThrow(/not published/);

		const actions = (await listAudit(getDb(), { documentId: doc.id }))
			.map((e) => [e.action, e.details])
			.filter(([a]) => String(a).startsWith('document.') && a !== 'document.submitted' && a !== 'document.approved');
		expect(actions).toEqual([
			['document.unpublished', { version: 1 }],
			['document.rolled_back', { from: 2, to: 1 }],
			['document.published', { version: 2 }],
			['document.published', { version: 1 }]
		]);
		await expect(sql`update publications set html = 'changed' where document_id = ${doc.id}`.execute(getDb())).rejects.toThrow(/append-only/);
	});
});
