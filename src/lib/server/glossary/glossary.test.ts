import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../testing/test-db';
import { createTeam, projectAs, type Team } from '../testing/factories';
import { getDb } from '../db/db';
import { DomainError } from '../errors';
import { listAudit } from '../activity/audit';
import * as glossary from './glossary';
import * as entries from './entries';
import * as files from './files';

// The glossary's verbs against a real database: who may do what, what is valid, proposals, and
// imports that are all or nothing.

useTestDatabase();

const refusal = (code: DomainError['code'], message?: RegExp) => (e: unknown) =>
	e instanceof DomainError && e.code === code && (!message || message.test(e.message));

async function team(): Promise<Team & { as: Record<'owner' | 'translator' | 'reviewer', NonNullable<Awaited<ReturnType<typeof projectAs>>>> }> {
	const t = await createTeam();
	const as = {
		owner: (await projectAs(t.owner, t.project.id))!,
		translator: (await projectAs(t.translator, t.project.id))!,
		reviewer: (await projectAs(t.reviewer, t.project.id))!
	};
	return { ...t, as };
}

const actions = async (projectId: number) => (await listAudit(getDb(), { projectId })).map((e) => e.action).filter((a) => a.startsWith('glossary.'));

describe('glossary entries', () => {
	it('are added accepted by owners, validated and normalised, and refused twice', async () => {
		const { as } = await team();
		const added = await entries.addEntry(getDb(), as.owner, {
			source: '  千万工程 ',
			target: 'Ten  Million Project',
			status: 'preferred',
			caseSensitive: 'on',
			note: ''
		});
		expect(added).toMatchObject({
			source: '千万工程',
			target: 'Ten Million Project',
			caseSensitive: true,
			note: null,
			proposed: false,
			createdByName: as.owner.actor.name
		});
		expect(await glossary.projectGlossary(getDb(), as.owner.id)).toEqual([expect.objectContaining({ source: '千万工程', target: 'Ten Million Project' })]);
		await expect(entries.addEntry(getDb(), as.owner, { source: '千万工程', target: 'Ten Million Project' })).rejects.toSatisfy(
			refusal('conflict', /“千万工程” → “Ten Million Project” is already in the glossary/)
		);
		// Another rendition of the same term is another entry.
		await entries.addEntry(getDb(), as.owner, { source: '千万工程', target: 'Ten Thousand Project', status: 'forbidden' });
		expect((await glossary.listEntries(getDb(), as.reviewer)).total).toBe(2);
	});

	it('added twice at once, land once: the other is refused as a duplicate', async () => {
		const { as, project } = await team();
		const results = await Promise.allSettled(
			Array.from({ length: 8 }, () => entries.addEntry(getDb(), as.owner, { source: '浦江经验', target: 'Pujiang Experience' }))
		);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		expect(results.filter((r) => r.status === 'rejected').every((r) => refusal('conflict')((r as PromiseRejectedResult).reason))).toBe(true);
		expect(await glossary.countEntries(getDb(), project.id)).toBe(1);
	});

	it('refuse empty, overlong and unknown values with the field at fault', async () => {
		const { as } = await team();
		const add = (input: Record<string, unknown>) => entries.addEntry(getDb(), as.owner, input);
		await expect(add({ source: ' ', target: 'x' })).rejects.toMatchObject({ code: 'invalid', field: 'source', message: 'Enter the source term.' });
		await expect(add({ source: '术语', target: '' })).rejects.toMatchObject({ code: 'invalid', field: 'target', message: 'Enter the target term.' });
		await expect(add({ source: 'x'.repeat(201), target: 'y' })).rejects.toMatchObject({
			field: 'source',
			message: 'Use at most 200 characters for the source term.'
		});
		// Checked as sent: collapsing the spaces would make it fit, but what was typed was longer.
		await expect(add({ source: `a${' '.repeat(199)}b`, target: 'y' })).rejects.toMatchObject({ field: 'source' });
		const entry = await add({ source: '术语', target: 'term' });
		for (const entryId of ['0x2', '1e1', ' 2', '99999999999', `${entry.id}.0`]) {
			await expect(entries.updateEntry(getDb(), as.owner, { entryId, note: 'x' })).rejects.toMatchObject({ code: 'invalid', field: 'entryId' });
		}
		await expect(add({ source: '术语', target: 'term', note: 'n'.repeat(1001) })).rejects.toMatchObject({ field: 'note' });
		await expect(add({ source: '术语', target: 'term', status: 'approvedish' })).rejects.toMatchObject({
			field: 'status',
			message: expect.stringMatching(/^Choose a status/)
		});
		await expect(add({ source: '微信', target: 'WeChat', status: 'do_not_translate' })).rejects.toMatchObject({
			field: 'target',
			message: 'A do-not-translate term stays as it is: leave the target empty or the same as the source.'
		});
		expect(await add({ source: 'WeChat', target: '', status: 'do_not_translate' })).toMatchObject({ target: 'WeChat' });
	});

	it('are read by every member and changed or deleted only by owners, each change audited', async () => {
		const { as, project } = await team();
		const entry = await entries.addEntry(getDb(), as.owner, { source: '浦江经验', target: 'Pujiang experience' });
		await expect(entries.addEntry(getDb(), as.reviewer, { source: '一', target: 'one' })).rejects.toSatisfy(refusal('forbidden'));
		await expect(entries.updateEntry(getDb(), as.translator, { entryId: entry.id, target: 'Pujiang Model' })).rejects.toSatisfy(
			refusal('forbidden', /Only project owners change accepted glossary entries/)
		);
		await expect(entries.deleteEntry(getDb(), as.reviewer, { entryId: entry.id })).rejects.toSatisfy(refusal('forbidden'));
		const changed = await entries.updateEntry(getDb(), as.owner, { entryId: entry.id, target: 'Pujiang Experience' });
		expect(changed).toMatchObject({ source: '浦江经验', target: 'Pujiang Experience', status: 'preferred' });
		await entries.deleteEntry(getDb(), as.owner, { entryId: entry.id });
		await expect(entries.deleteEntry(getDb(), as.owner, { entryId: entry.id })).rejects.toSatisfy(refusal('not_found'));
		expect(await actions(project.id)).toEqual(['glossary.deleted', 'glossary.changed', 'glossary.added']);
	});

	it('are searched by term in source, target or note, and by status', async () => {
		const { as } = await team();
		await glossary.addEntries(getDb(), as.owner, [
			{ source: '千万工程', target: 'Ten Million Project', status: 'preferred', caseSensitive: false, note: 'Zhejiang 100%' },
			{ source: '千万工程', target: 'Ten Thousand Project', status: 'forbidden', caseSensitive: false },
			{ source: '最后一公里', target: 'last mile', status: 'preferred', caseSensitive: false }
		]);
		const sources = async (input: Record<string, unknown>) => (await glossary.listEntries(getDb(), as.reviewer, input)).entries.map((e) => e.target);
		expect(await sources({ q: '千万' })).toEqual(['Ten Million Project', 'Ten Thousand Project']);
		expect(await sources({ q: 'MILE' })).toEqual(['last mile']);
		expect(await sources({ q: 'zhejiang' })).toEqual(['Ten Million Project']);
		expect(await sources({ q: '%' })).toEqual(['Ten Million Project']);
		expect(await sources({ q: '千万', status: 'forbidden' })).toEqual(['Ten Thousand Project']);
		expect(await glossary.listEntries(getDb(), as.reviewer, { q: 'mile' })).toMatchObject({ total: 3, matching: 1 });
	});
});

describe('proposals', () => {
	it('are a translator’s additions: kept out of QA until an owner accepts them', async () => {
		const { as, project } = await team();
		const proposal = await entries.addEntry(getDb(), as.translator, { source: '浦江经验', target: 'Pujiang Experience', note: 'As Xinhua writes it.' });
		expect(proposal).toMatchObject({ proposed: true, createdByName: as.translator.actor.name });
		expect(await glossary.projectGlossary(getDb(), project.id)).toEqual([]);
		expect(await glossary.listEntries(getDb(), as.reviewer)).toMatchObject({ entries: [], proposals: [expect.objectContaining({ id: proposal.id })] });

		await expect(entries.acceptProposal(getDb(), as.translator, { entryId: proposal.id })).rejects.toSatisfy(refusal('forbidden'));
		const accepted = await entries.acceptProposal(getDb(), as.owner, { entryId: proposal.id });
		expect(accepted).toMatchObject({ proposed: false, updatedByName: as.owner.actor.name });
		expect(await glossary.projectGlossary(getDb(), project.id)).toEqual([expect.objectContaining({ target: 'Pujiang Experience' })]);
		await expect(entries.acceptProposal(getDb(), as.owner, { entryId: proposal.id })).rejects.toSatisfy(refusal('conflict', /already accepted/));
		// Now accepted, the translator can no longer change it.
		await expect(entries.deleteEntry(getDb(), as.translator, { entryId: proposal.id })).rejects.toSatisfy(refusal('forbidden'));
		expect(await actions(project.id)).toEqual(['glossary.accepted', 'glossary.proposed']);
	});

	it('may be edited and withdrawn by the translator who made them, not by another, and rejected by owners', async () => {
		const { as, project, outsider } = await team();
		const mine = await entries.addEntry(getDb(), as.translator, { source: '最后一公里', target: 'final kilometer' });
		await expect(entries.addEntry(getDb(), as.owner, { source: '最后一公里', target: 'final kilometer' })).rejects.toSatisfy(
			refusal('conflict', /already proposed/)
		);
		expect(await entries.updateEntry(getDb(), as.translator, { entryId: mine.id, target: 'last mile' })).toMatchObject({ target: 'last mile', proposed: true });

		// A second translator joins and tries to withdraw the first one's proposal.
		const { addMember } = await import('../projects/projects');
		await addMember(getDb(), as.owner, { email: outsider.email, role: 'translator' });
		const other = (await projectAs(outsider, project.id))!;
		await expect(entries.deleteEntry(getDb(), other, { entryId: mine.id })).rejects.toSatisfy(refusal('forbidden', /only delete proposals you made yourself/));

		await entries.deleteEntry(getDb(), as.translator, { entryId: mine.id });
		const again = await entries.addEntry(getDb(), other, { source: '最后一公里', target: 'last kilometre' });
		await entries.rejectProposal(getDb(), as.owner, { entryId: again.id });
		expect(await glossary.listEntries(getDb(), as.owner)).toMatchObject({ entries: [], proposals: [] });
		const events = (await listAudit(getDb(), { projectId: project.id })).filter((e) => e.action.startsWith('glossary.'));
		expect(events.map((e) => e.action)).toEqual(['glossary.rejected', 'glossary.proposed', 'glossary.withdrawn', 'glossary.changed', 'glossary.proposed']);
		expect(events[0].details).toMatchObject({ source: '最后一公里', target: 'last kilometre', proposedBy: outsider.name });
	});
});

const CSV = [
	'source,target,status,note',
	'千万工程,Ten Million Project,preferred,',
	',missing source,,',
	'微信,WeChat,do_not_translate,',
	'最后一公里,last mile,,The idiom',
	'千万工程,Ten Million Project,admitted,'
].join('\n');

describe('importing a glossary file', () => {
	it('previews what it adds, updates and skips, then imports exactly that in one go', async () => {
		const { as, project } = await team();
		await entries.addEntry(getDb(), as.owner, { source: '最后一公里', target: 'last mile', status: 'admitted' });
		const preview = await files.previewImport(getDb(), as.owner, { text: CSV, format: 'csv' });
		expect(preview).toMatchObject({ format: 'csv', added: 1, updated: 1, unchanged: 0 });
		expect(preview.skipped).toEqual([
			{ line: 3, reason: 'Missing source term.' },
			{ line: 4, reason: 'A do-not-translate term stays as it is: leave the target empty or the same as the source.' },
			{ line: 6, reason: 'Duplicate entry: “千万工程” → “Ten Million Project” appears earlier in the file.' }
		]);
		expect(preview.sample.map((r) => [r.line, r.change])).toEqual([
			[2, 'add'],
			[5, 'update']
		]);
		expect(await glossary.projectGlossary(getDb(), project.id)).toHaveLength(1);

		const result = await files.importGlossary(getDb(), as.owner, { text: CSV, format: 'csv', expectAdded: '1', expectUpdated: '1' });
		expect(result).toMatchObject({ added: 1, updated: 1, unchanged: 0, skipped: preview.skipped });
		expect(await glossary.projectGlossary(getDb(), project.id)).toEqual([
			expect.objectContaining({ source: '千万工程', target: 'Ten Million Project', status: 'preferred' }),
			expect.objectContaining({ source: '最后一公里', target: 'last mile', status: 'preferred', note: 'The idiom' })
		]);
		// The same file again changes nothing; a preview that is out of date is refused.
		expect(await files.previewImport(getDb(), as.owner, { text: CSV, format: 'csv' })).toMatchObject({ added: 0, updated: 0, unchanged: 2 });
		await expect(files.importGlossary(getDb(), as.owner, { text: CSV, format: 'csv', expectAdded: '1', expectUpdated: '1' })).rejects.toSatisfy(
			refusal('conflict', /changed since the preview/)
		);
		expect((await listAudit(getDb(), { projectId: project.id })).find((e) => e.action === 'glossary.imported')?.details).toEqual({
			format: 'csv',
			added: 1,
			updated: 1,
			unchanged: 0,
			skipped: 3
		});
	});

	it('accepts a proposal the file confirms', async () => {
		const { as, project } = await team();
		await entries.addEntry(getDb(), as.translator, { source: '最后一公里', target: 'last mile' });
		await files.importGlossary(getDb(), as.owner, { text: 'source,target\n最后一公里,last mile\n', format: 'csv' });
		expect(await glossary.listEntries(getDb(), as.owner)).toMatchObject({
			proposals: [],
			entries: [expect.objectContaining({ target: 'last mile', proposed: false })]
		});
		expect(await glossary.projectGlossary(getDb(), project.id)).toHaveLength(1);
	});

	it('reads TBX in the project’s languages', async () => {
		const { as } = await team();
		const tbx = `<?xml version="1.0"?>
<tbx style="dca" type="TBX-Basic" xml:lang="zh" xmlns="urn:iso:std:iso:30042:ed-2"><text><body>
<conceptEntry id="c1"><langSec xml:lang="zh-CN"><termSec><term>浦江经验</term></termSec></langSec><langSec xml:lang="en"><termSec><term>Pujiang Experience</term></termSec></langSec></conceptEntry>
<conceptEntry id="c2"><langSec xml:lang="zh-CN"><termSec><term>孤词</term></termSec></langSec></conceptEntry>
</body></text></tbx>`;
		expect(await files.importGlossary(getDb(), as.owner, { text: tbx, format: 'tbx' })).toEqual({
			added: 1,
			updated: 0,
			unchanged: 0,
			skipped: [{ line: 4, reason: 'No term in en; the concept was skipped.' }]
		});
		await expect(files.previewImport(getDb(), as.owner, { text: 'source,target\n', format: 'tbx' })).rejects.toMatchObject({
			code: 'invalid',
			message: 'The file is not XML.'
		});
	});

	it('is the owners’ alone, and past the cap imports nothing', async () => {
		const { as, project } = await team();
		await expect(files.previewImport(getDb(), as.translator, { text: CSV, format: 'csv' })).rejects.toSatisfy(refusal('forbidden'));
		await expect(files.importGlossary(getDb(), as.translator, { text: CSV, format: 'csv' })).rejects.toSatisfy(refusal('forbidden'));
		const many = ['source,target', ...Array.from({ length: 10_001 }, (_, i) => `词${i},word ${i}`)].join('\n');
		await expect(files.importGlossary(getDb(), as.owner, { text: many, format: 'csv' })).rejects.toSatisfy(
			refusal('conflict', /would have 10,001 entries; a project holds at most 10,000\. Nothing was imported\./)
		);
		expect(await glossary.countEntries(getDb(), project.id)).toBe(0);
	});

	it('exports the accepted entries as CSV, TBX v3 and TBX 2', async () => {
		const { as, project } = await team();
		await files.importGlossary(getDb(), as.owner, { text: CSV, format: 'csv' });
		await entries.addEntry(getDb(), as.translator, { source: '提议', target: 'proposal' });
		const csv = await files.exportGlossary(getDb(), as.reviewer, { format: 'csv' });
		expect(csv).toMatchObject({ filename: `${project.slug}-glossary.csv`, contentType: 'text/csv; charset=utf-8' });
		expect(csv.body.split('\r\n').slice(0, 3)).toEqual([
			'source,target,status,case_sensitive,part_of_speech,note',
			'千万工程,Ten Million Project,preferred,no,,',
			'最后一公里,last mile,preferred,no,,The idiom'
		]);
		const v3 = await files.exportGlossary(getDb(), as.reviewer, { format: 'tbx' });
		expect(v3).toMatchObject({ filename: `${project.slug}-glossary.tbx`, contentType: 'application/x-tbx+xml; charset=utf-8' });
		expect(v3.body).toContain('<conceptEntry');
		expect(v3.body).not.toContain('提议');
		const v2 = await files.exportGlossary(getDb(), as.reviewer, { format: 'tbx', version: '2' });
		expect(v2).toMatchObject({ filename: `${project.slug}-glossary-tbx2.tbx` });
		expect(v2.body).toContain('<martif');
		await expect(files.exportGlossary(getDb(), as.reviewer, { format: 'xlsx' })).rejects.toMatchObject({ code: 'invalid', field: 'format' });
	});
});
