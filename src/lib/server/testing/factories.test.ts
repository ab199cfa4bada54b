import { describe, expect, it } from 'vitest';
import { getDb } from '../db/db';
import { useTestDatabase } from './test-db';
import { approvedDocument, createDocument, createTeam, documentAs, editSegment, submittedDocument } from './factories';
import * as review from '../review/review';

useTestDatabase();

describe('test factories', () => {
	it('make a team whose members have their roles and an outsider who has none', async () => {
		const team = await createTeam();
		expect(team.project.role).toBe('owner');
		expect((await documentAs(team.translator, (await createDocument(team)).id)).role).toBe('translator');
		await expect(documentAs(team.outsider, (await createDocument(team)).id)).resolves.toBeNull();
	});

	it('reach the review states through the verbs', async () => {
		const team = await createTeam();
		const draft = await createDocument(team, { mt: ['One.', 'Two.'] });
		await editSegment(team.translator, draft.segments[0].id, 'One!');
		expect((await review.getDocumentState(getDb(), draft.id)).state).toBe('in_translation');
		const submitted = await submittedDocument(team, { mt: ['One.', 'Two.'] });
		expect(submitted.segments.map((s) => s.state)).toEqual(['submitted', 'submitted']);
		const approved = await approvedDocument(team);
		expect(approved.segments.map((s) => s.state)).toEqual(['approved']);
	});
});
