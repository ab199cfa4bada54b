import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../testing/test-db';
import { getDb } from '../db/db';
import { projectGlossary } from '../glossary/glossary';
import { DEMO_GLOSSARY } from '../../glossary/demo';
import { demoArticle } from './article';
import { DEMO_ACCOUNTS, DEMO_DOCUMENT_TITLE, DEMO_PROJECT, isDatabaseEmpty, seedDemo } from './demo';
import { myWork } from '../assignments/worklists';
import { listNotifications } from '../activity/notifications';
import { daysFrom } from '../../assignments/due';
import { findUserByEmail } from '../accounts/users';
import { findSegmentForMember } from '../documents/segments';
import { segmentMatches } from '../tm/tm';

useTestDatabase();

describe('the demo', () => {
	it('seeds a project with the article and the glossary that flags its MT mistakes', async () => {
		expect(await isDatabaseEmpty()).toBe(true);
		await seedDemo(demoArticle);
		const project = await getDb().selectFrom('projects').select('id').where('name', '=', DEMO_PROJECT.name).executeTakeFirstOrThrow();
		const glossary = await projectGlossary(getDb(), project.id);
		expect(glossary.map((e) => [e.source, e.target, e.status]).sort()).toEqual(DEMO_GLOSSARY.map((e) => [e.source, e.target, e.status]).sort());
	});

	it('assigns the article to the demo translator and reviewer, who find it in My work and in the bell', async () => {
		for (const role of ['translator', 'reviewer'] as const) {
			const user = (await findUserByEmail(getDb(), DEMO_ACCOUNTS.find((a) => a.projectRole === role)!.email))!;
			const [item] = await myWork(getDb(), user);
			expect(item).toMatchObject({ title: DEMO_DOCUMENT_TITLE, roles: [role], project: { name: DEMO_PROJECT.name } });
			expect(item.dueDate! > daysFrom(new Date(), 5)).toBe(true);
			expect((await listNotifications(getDb(), user)).map((n) => n.kind)).toEqual(['assigned']);
		}
	});

	it('opens the article with matches from the demo memory beside it', async () => {
		const translator = (await findUserByEmail(getDb(), DEMO_ACCOUNTS.find((a) => a.projectRole === 'translator')!.email))!;
		const segments = await getDb().selectFrom('segments').select(['id', 'position']).orderBy('position').execute();
		const best = async (position: number) => {
			const segment = (await findSegmentForMember(getDb(), translator, segments.find((s) => s.position === position)!.id))!;
			return (await segmentMatches(getDb(), segment)).matches[0];
		};
		expect(await best(3)).toMatchObject({ score: 101, targetText: 'Source: Heilongjiang Daily' });
		const news = await best(5);
		expect(news.score).toBeGreaterThanOrEqual(80);
		expect(news.score).toBeLessThan(99);
		expect(news.targetText).toContain('Ten Million Project');
	});
});
