import { describe, expect, it } from 'vitest';
import { describeAudit, type AuditLine } from './audit-format';

const line = (action: string, details: Record<string, unknown> = {}, extra: Partial<AuditLine> = {}): AuditLine => ({
	action,
	actor: 'Rui',
	position: null,
	documentTitle: 'Harbin festival',
	details,
	...extra
});

describe('describeAudit', () => {
	it('describes TMX imports and shared memories from both sides', () => {
		expect(describeAudit(line('tm.imported', { imported: 12, skipped: 1 }))).toBe(
			'Rui imported a TMX file into the translation memory (12 units added, 1 unit skipped)'
		);
		expect(describeAudit(line('tm.shared', { sourceName: 'Archive', reads: true }))).toBe('Rui let this project read the translation memory of “Archive”');
		expect(describeAudit(line('tm.unshared', { projectName: 'News', reads: false }))).toBe('Rui stopped “News” reading this project’s translation memory');
	});

	it('describes publishing, rollback, unpublishing and the publish limit', () => {
		expect(describeAudit(line('document.published', { version: 2 }, { actor: 'Olga' }))).toBe('Olga published the document as version 2');
		expect(describeAudit(line('document.rolled_back', { from: 2, to: 1 }), false)).toBe(
			'Rui made version 1 of “Harbin festival” the published one again (was version 2)'
		);
		expect(describeAudit(line('document.unpublished', { version: 1 }))).toBe('Rui unpublished the document (version 1 was public)');
		expect(describeAudit(line('project.max_unmodified_mt', { from: null, to: 0.5 }))).toBe(
			'Rui changed the publish limit on unmodified MT from no limit to 50 %'
		);
		expect(describeAudit(line('project.webhook_added', { label: 'Site', url: 'https://example.com/hook' }))).toBe(
			'Rui added the webhook “Site” (https://example.com/hook)'
		);
		expect(describeAudit(line('project.webhook_deleted', { label: 'Site', url: 'https://example.com/hook' }))).toBe(
			'Rui deleted the webhook “Site” (https://example.com/hook)'
		);
	});

	it('describes a submission with its round and size', () => {
		expect(describeAudit(line('document.submitted', { round: 2, segments: 5 }, { actor: 'Tamar' }))).toBe('Tamar submitted round 2 (5 segments) for review');
		expect(describeAudit(line('document.submitted', { round: 1, segments: 1 }))).toBe('Rui submitted round 1 (1 segment) for review');
		expect(describeAudit(line('document.submitted', { round: 1, segments: 7, unconfirmed: 3 }))).toBe(
			'Rui submitted round 1 (7 segments; 3 not yet confirmed) for review'
		);
	});

	it('names the segment from the joined position, or from the details when the segment is gone', () => {
		expect(describeAudit(line('segment.approved', {}, { position: 3 }))).toBe('Rui approved segment 3');
		expect(describeAudit(line('segment.approved', { position: 4 }))).toBe('Rui approved segment 4');
		expect(describeAudit(line('segment.approved'))).toBe('Rui approved a segment');
	});

	it('gives the reason and comment of a send-back', () => {
		expect(describeAudit(line('segment.changes_requested', { reason: 'terminology', comment: 'Use “Harbin”.' }, { position: 2 }))).toBe(
			'Rui sent back segment 2 (Terminology) — Use “Harbin”.'
		);
		expect(describeAudit(line('segment.changes_requested', { reason: 'style' }, { position: 2 }))).toBe('Rui sent back segment 2 (Style)');
	});

	it('describes edits in and out of review', () => {
		expect(describeAudit(line('segment.review_edit', {}, { position: 4 }))).toBe('Rui edited segment 4 in review');
		expect(describeAudit(line('segment.reopened', { from: 'approved', to: 'edited' }, { position: 4 }))).toBe(
			'Rui edited segment 4, taking it out of review (approved → edited)'
		);
	});

	it('lists what approve-all approved and skipped', () => {
		expect(describeAudit(line('segments.approved_all', { approved: 3, positions: [1, 2, 5], skipped: 1 }))).toBe(
			'Rui approved all remaining segments (3 segments: 1, 2, 5; four-eyes skipped 1)'
		);
	});

	it('describes the document approval and four-eyes switches', () => {
		expect(describeAudit(line('document.approved'))).toBe('The document was approved (last segment approved by Rui)');
		expect(describeAudit(line('project.four_eyes', { from: true, to: false }, { actor: 'Olga' }))).toBe('Olga turned four-eyes review off');
		expect(describeAudit(line('project.four_eyes', { from: false, to: true }, { actor: 'Olga' }))).toBe('Olga turned four-eyes review on');
		expect(describeAudit(line('project.public_embedding', { from: false, to: true }, { actor: 'Olga' }))).toBe('Olga let other sites embed the public pages');
		expect(describeAudit(line('project.public_embedding', { from: true, to: false }, { actor: 'Olga' }))).toBe(
			'Olga stopped other sites from embedding the public pages'
		);
	});

	it('names the document in the project log', () => {
		expect(describeAudit(line('segment.approved', {}, { position: 3 }), false)).toBe('Rui approved segment 3 of “Harbin festival”');
		expect(describeAudit(line('document.approved'), false)).toBe('“Harbin festival” was approved (last segment approved by Rui)');
	});

	it('describes project and member changes', () => {
		expect(describeAudit(line('member.added', { name: 'Tamar', role: 'translator' }, { actor: 'Olga' }))).toBe('Olga added Tamar as translator');
		expect(describeAudit(line('member.role_changed', { name: 'Tamar', from: 'translator', to: 'reviewer' }, { actor: 'Olga' }))).toBe(
			'Olga changed Tamar’s role from translator to reviewer'
		);
	});

	it('describes renaming and deleting a document', () => {
		expect(describeAudit(line('document.renamed', { from: 'Old', to: 'New' }), false)).toBe('Rui renamed “Old” to “New”');
		const deleted = line('document.deleted', { documentTitle: 'Gone', segments: 2, revisions: 3, comments: 1 }, { documentTitle: 'Gone' });
		expect(describeAudit(deleted, false)).toBe('Rui deleted “Gone” (2 segments, 3 revisions, 1 comment)');
	});

	it('describes assigning a document and the assignments a membership change cleared', () => {
		expect(describeAudit(line('document.assigned', { translator: 'Tamar', reviewer: null, dueDate: '2026-12-12' }, { actor: 'Olga' }), false)).toBe(
			'Olga assigned “Harbin festival”: translator Tamar, reviewer nobody, due 2026-12-12'
		);
		expect(describeAudit(line('document.unassigned', { name: 'Tamar', as: 'translator', reason: 'removed' }, { actor: 'Olga' }))).toBe(
			'Tamar is no longer the translator of the document (removed from the project by Olga)'
		);
	});

	it('describes a find and replace, with the segments it left', () => {
		expect(describeAudit(line('document.replaced', { find: 'Ten Thousand', replace: 'Ten Million', changed: 3, conflicts: 0 }))).toBe(
			'Rui replaced “Ten Thousand” with “Ten Million” in 3 segments'
		);
		expect(describeAudit(line('document.replaced', { find: 'a', replace: 'b', changed: 1, conflicts: 2 }))).toBe(
			'Rui replaced “a” with “b” in 1 segment; 2 segments changed meanwhile left as saved'
		);
	});

	it('falls back to the action name and a placeholder actor', () => {
		expect(describeAudit(line('segment.moved', {}, { actor: null }))).toBe('Someone: segment.moved');
	});

	it('describes ignoring a QA warning and taking it back', () => {
		expect(describeAudit(line('segment.qa_ignored', { check: 'doubled-word', reason: 'A quotation.' }, { position: 3 }))).toBe(
			'Rui ignored a QA warning on segment 3 (doubled-word): “A quotation.”'
		);
		expect(describeAudit(line('segment.qa_unignored', { check: 'doubled-word' }, { position: 3 }), false)).toBe(
			'Rui stopped ignoring a QA warning on segment 3 of “Harbin festival” (doubled-word)'
		);
	});
});
