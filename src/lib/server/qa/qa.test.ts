import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../testing/test-db';
import { getDb } from '../db/db';
import { createDocument, createTeam, documentAs, editSegment, projectAs, segmentAs, type Team } from '../testing/factories';
import * as documents from '../documents/documents';
import * as review from '../review/review';
import * as publications from '../publishing/publications';
import { addEntries } from '../glossary/glossary';
import { demoArticle } from '../demo/article';
import { DEMO_ACCOUNTS, DEMO_PROJECT, seedDemo } from '../demo/demo';
import { setQaSeverities } from './settings';
import { documentQa, segmentQa } from './qa';
import { ignoreIssue, unignoreIssue } from './ignores';
import * as users from '../accounts/users';
import type { AuthUser } from '../auth/sessions';

useTestDatabase();

const byEmail = async (email: string) => (await users.findUserByEmail(getDb(), email)) as AuthUser;

describe('QA of the demo document', () => {
	let admin: AuthUser;
	let translator: AuthUser;
	let reviewer: AuthUser;
	let documentId: number;

	beforeAll(async () => {
		await seedDemo(demoArticle);
		[admin, translator, reviewer] = await Promise.all(DEMO_ACCOUNTS.map((a) => byEmail(a.email)));
		const project = await getDb().selectFrom('projects').select('id').where('name', '=', DEMO_PROJECT.name).executeTakeFirstOrThrow();
		documentId = (await getDb().selectFrom('documents').select('id').where('projectId', '=', project.id).executeTakeFirstOrThrow()).id;
	});

	it('flags the 丨, every “Ten Thousand Project(s)” and the last mile as errors, and nothing else as an error', async () => {
		const qa = await documentQa(getDb(), await documentAs(translator, documentId));
		const text = new Map(qa.segments.map((s) => [s.position, s.target]));
		const errors = qa.issues.filter((i) => i.severity === 'error');
		const headline = errors.find((i) => i.position === 1 && i.check === 'leftover-script')!;
		expect(text.get(1)!.slice(headline.target!.start, headline.target!.end)).toBe('丨');

		const tenThousand = qa.segments.filter((s) => /Ten Thousand Projects?/i.test(s.target)).map((s) => s.position);
		expect(tenThousand.length).toBeGreaterThanOrEqual(3);
		const glossary = (pattern: RegExp) => [...new Set(errors.filter((i) => i.check === 'glossary' && pattern.test(i.message)).map((i) => i.position))];
		expect(glossary(/千万工程/)).toEqual(tenThousand);
		const lastMile = qa.segments.find((s) => /final/.test(s.target) && /kilometer/.test(s.target))!.position;
		expect(glossary(/last mile/)).toEqual([lastMile]);

		const wrong = new Set([1, ...tenThousand, lastMile]);
		expect(errors.filter((i) => !wrong.has(i.position))).toEqual([]);
		expect(qa.open.error).toBe(errors.length);
	});

	it('keeps the approved text from being published until its errors are fixed', async () => {
		const doc = async (who: AuthUser) => documentAs(who, documentId);
		await review.submitDocument(getDb(), await doc(translator), { includeUnconfirmed: true });
		await review.approveAllRemaining(getDb(), await doc(reviewer));
		const refused = await publications.publishDocument(getDb(), await doc(admin)).catch((e) => e);
		expect(refused).toBeInstanceOf(publications.PublishRefused);
		const reason = (refused as publications.PublishRefused).reasons.find((r) => r.kind === 'qa_errors');
		expect(reason?.kind === 'qa_errors' && reason.issues.map((i) => i.check)).toContain('leftover-script');

		for (const s of await documents.listSegments(getDb(), documentId)) {
			const fixed = s.text
				.replace(/丨/g, '|')
				.replace(/Ten Thousand Project/g, 'Ten Million Project')
				.replace('Provincial Science and Technology Department', 'Provincial Department of Science and Technology')
				.replace('the “final” of', 'the last mile of')
				.replace(' one kilometer”', '');
			if (fixed !== s.text) await editSegment(translator, s.id, fixed);
		}
		const gate = await publications.publishGate(getDb(), await doc(admin));
		// Fixed but not yet approved: only the approval is missing, QA of the approved text still counts.
		expect(gate.map((r) => r.kind)).toContain('not_approved');
		expect((await documentQa(getDb(), await doc(admin))).issues.filter((i) => i.severity === 'error')).toEqual([]);

		await review.submitDocument(getDb(), await doc(translator), { includeUnconfirmed: true });
		await review.approveAllRemaining(getDb(), await doc(reviewer));
		expect(await publications.publishGate(getDb(), await doc(admin))).toEqual([]);
		expect(await publications.publishDocument(getDb(), await doc(admin))).toEqual({ version: 1 });
	});
});

describe('consistency', () => {
	let team: Team;
	beforeAll(async () => {
		team = await createTeam();
	});

	it('flags a repeated source translated differently within the document and across the project', async () => {
		const source = ['乡村振兴。', '其他。', '乡村振兴。'];
		// Elsewhere in the project, a human rendition counts; the untouched MT there does not.
		const earlier = await createDocument(team, { source, mt: ['Rural revitalisation.', 'Other.', 'Rural revitalisation.'] });
		await editSegment(team.translator, earlier.segments[0].id, 'Rural revitalization.');
		const doc = await createDocument(team, { source, mt: ['Rural revitalization.', 'Other.', 'Rural revival.'] });
		const qa = await documentQa(getDb(), await documentAs(team.translator, doc.id));
		const consistency = qa.issues.filter((i) => i.check === 'consistency');
		expect(consistency.map((i) => [i.position, i.severity])).toEqual([
			[3, 'warning'],
			[3, 'warning']
		]);
		expect(consistency[0].message).toContain('segment 1: “Rural revitalization.”');
		expect(consistency[1].message).toMatch(/^“Document [\d-]+” translates the same source as “Rural revitalization\.”/);
	});

	it('flags a glossary term rendered two ways in one document', async () => {
		await addEntries(getDb(), team.project, [
			{ source: '千万工程', target: 'Ten Million Project', status: 'preferred', caseSensitive: false },
			{ source: '千万工程', target: 'Thousand Villages Project', status: 'admitted', caseSensitive: false }
		]);
		const doc = await createDocument(team, {
			source: ['千万工程好。', '千万工程强。', '千万工程大。'],
			mt: ['The Ten Million Project is good.', 'The Ten Million Project is strong.', 'The Thousand Villages Project is big.']
		});
		const qa = await documentQa(getDb(), await documentAs(team.translator, doc.id));
		expect(qa.issues.filter((i) => i.check === 'glossary-consistency').map((i) => i.position)).toEqual([3]);
	});
});

describe('ignoring warnings and project levels', () => {
	let team: Team;
	beforeAll(async () => {
		team = await createTeam();
	});

	it('ignores a warning with a reason while the same finding stays, and takes it back', async () => {
		const doc = await createDocument(team, { source: ['他说说了。'], mt: ['He said said it.'] });
		const segmentId = doc.segments[0].id;
		const find = async () => (await documentQa(getDb(), await documentAs(team.reviewer, doc.id))).issues.find((i) => i.check === 'doubled-word')!;
		const warning = await find();
		expect(warning.severity).toBe('warning');

		const seg = await segmentAs(team.translator, segmentId);
		await expect(ignoreIssue(getDb(), seg, { check: 'doubled-word', message: warning.message, reason: '  ' })).rejects.toThrow(/Say why/);
		const { ignore, created } = await ignoreIssue(getDb(), seg, { check: 'doubled-word', message: warning.message, reason: 'Quoting the speaker verbatim.' });
		expect(created).toBe(true);
		expect((await ignoreIssue(getDb(), seg, { check: 'doubled-word', message: warning.message, reason: 'Again.' })).created).toBe(false);
		expect((await find()).ignored).toMatchObject({ by: team.translator.name, reason: 'Quoting the speaker verbatim.' });

		// A new text with the same finding keeps the ignore; a text without it has nothing to ignore.
		await editSegment(team.translator, segmentId, 'He said said it, they say.');
		expect((await find()).ignored?.reason).toBe('Quoting the speaker verbatim.');
		expect(
			(await segmentQa(getDb(), segmentId, { text: 'He said said it, they say.', content: null })).find((i) => i.check === 'doubled-word')?.ignored
		).toBeDefined();

		await unignoreIssue(getDb(), await segmentAs(team.reviewer, segmentId), { ignoreId: ignore.id });
		expect((await find()).ignored).toBeUndefined();
		await expect(unignoreIssue(getDb(), await segmentAs(team.reviewer, segmentId), { ignoreId: ignore.id })).rejects.toThrow(/no such ignored/);

		const audit = await getDb().selectFrom('auditEvents').select('action').where('segmentId', '=', segmentId).orderBy('id').execute();
		expect(audit.map((a) => a.action).filter((a) => a.startsWith('segment.qa'))).toEqual(['segment.qa_ignored', 'segment.qa_unignored']);
	});

	it('refuses to ignore an error or a finding the segment does not have', async () => {
		const doc = await createDocument(team, { source: ['黑龙江丨新闻。'], mt: ['Heilongjiang丨News.'] });
		const seg = await segmentAs(team.translator, doc.segments[0].id);
		const error = (await documentQa(getDb(), await documentAs(team.translator, doc.id))).issues.find((i) => i.severity === 'error')!;
		await expect(ignoreIssue(getDb(), seg, { check: error.check, message: error.message, reason: 'Looks fine.' })).rejects.toThrow(
			/Errors cannot be ignored: fix the text, or ask a project owner/
		);
		await expect(ignoreIssue(getDb(), seg, { check: 'numbers', message: 'Made up.', reason: 'Because.' })).rejects.toThrow(/no such QA finding/);
	});

	it('applies the project’s levels: a check switched off is not run, a raised one is an error', async () => {
		const doc = await createDocument(team, { source: ['他说说了。'], mt: ['He said said it.'] });
		const owner = (await projectAs(team.owner, team.project.id))!;
		await setQaSeverities(getDb(), owner, { severities: { 'doubled-word': 'error', 'unchanged-mt': 'off' } });
		const qa = await documentQa(getDb(), await documentAs(team.translator, doc.id));
		expect(qa.issues.find((i) => i.check === 'doubled-word')?.severity).toBe('error');
		expect(qa.issues.some((i) => i.check === 'unchanged-mt')).toBe(false);
		await setQaSeverities(getDb(), owner, { severities: {} });
	});
});
