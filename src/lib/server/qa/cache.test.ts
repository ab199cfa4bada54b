import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../testing/test-db';
import { getDb } from '../db/db';
import { approvedDocument, createDocument, createTeam, documentAs, editSegment, projectAs, segmentAs } from '../testing/factories';
import { addEntries } from '../glossary/glossary';
import { setQaSeverities } from './settings';
import { ignoreIssue } from './ignores';
import { documentQa } from './qa';

// Document QA is kept between page loads while nothing it depends on changed: each change below
// must give a fresh result, and an unchanged document the very same one.

useTestDatabase();

describe('document QA between page loads', () => {
	it('is reused while nothing changed, and computed afresh after any change it depends on', async () => {
		const team = await createTeam();
		const doc = await createDocument(team, { mt: ['Heilongjiang.', 'Harbin.'], source: ['黑龙江。', '哈尔滨。'] });
		const qa = async () => documentQa(getDb(), await documentAs(team.translator, doc.id));
		const first = await qa();
		expect(await qa()).toBe(first);

		await editSegment(team.translator, doc.segments[0].id, 'Heilongjiang 丨.');
		const edited = await qa();
		expect(edited).not.toBe(first);
		expect(edited.open.error).toBe(1);
		expect(await qa()).toBe(edited);

		const owner = (await projectAs(team.owner, team.project.id))!;
		await addEntries(getDb(), owner, [{ source: '哈尔滨', target: 'Harbin City', status: 'preferred', caseSensitive: false }]);
		const withGlossary = await qa();
		expect(withGlossary).not.toBe(edited);
		const glossaryIssue = withGlossary.issues.find((i) => i.check === 'glossary')!;
		expect(glossaryIssue.message).toMatch(/Harbin City/);

		await setQaSeverities(getDb(), owner, { severities: { glossary: 'error' } });
		const raised = await qa();
		expect(raised.issues.find((i) => i.check === 'glossary')!.severity).toBe('error');

		await setQaSeverities(getDb(), owner, { severities: {} });
		const lowered = await qa();
		const warning = lowered.issues.find((i) => i.check === 'glossary')!;
		await ignoreIssue(getDb(), await segmentAs(team.translator, warning.segmentId), { check: warning.check, message: warning.message, reason: 'House style.' });
		expect((await qa()).issues.find((i) => i.check === 'glossary')!.ignored?.reason).toBe('House style.');

		// Another document of the project is approved: the consistency check reads those renditions.
		const before = await qa();
		await approvedDocument(team, { mt: ['Harbin town.'] });
		expect(await qa()).not.toBe(before);
	});
});
