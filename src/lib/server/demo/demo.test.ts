import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../testing/test-db';
import { getDb } from '../db/db';
import { projectGlossary } from '../glossary/glossary';
import { DEMO_GLOSSARY } from '../../glossary/demo';
import { demoArticle } from './article';
import { DEMO_PROJECT, isDatabaseEmpty, seedDemo } from './demo';

useTestDatabase();

describe('the demo', () => {
	it('seeds a project with the article and the glossary that flags its MT mistakes', async () => {
		expect(await isDatabaseEmpty()).toBe(true);
		await seedDemo(demoArticle);
		const project = await getDb().selectFrom('projects').select('id').where('name', '=', DEMO_PROJECT.name).executeTakeFirstOrThrow();
		const glossary = await projectGlossary(getDb(), project.id);
		expect(glossary.map((e) => [e.source, e.target, e.status]).sort()).toEqual(DEMO_GLOSSARY.map((e) => [e.source, e.target, e.status]).sort());
	});
});
