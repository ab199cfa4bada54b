import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../testing/test-db';
import { createTeam, projectAs } from '../testing/factories';
import { getDb } from '../db/db';
import { DomainError } from '../errors';
import { listAudit } from '../activity/audit';
import * as embedding from './embedding';

// The project setting that lets other sites frame its public pages (the headers: web-security.test.ts).

useTestDatabase();

describe('public embedding', () => {
	it('is off for a new project', async () => {
		const team = await createTeam();
		expect(await embedding.publicEmbeddingOf(getDb(), team.project.id)).toBe(false);
	});

	it('is the owners’ to change, from a checkbox or a boolean, and each change is in the audit log', async () => {
		const team = await createTeam();
		const owner = (await projectAs(team.owner, team.project.id))!;
		expect(await embedding.setPublicEmbedding(getDb(), owner, { embeddable: 'on' })).toEqual({ embeddable: true });
		expect(await embedding.publicEmbeddingOf(getDb(), team.project.id)).toBe(true);
		// Saving the same value again records nothing.
		await embedding.setPublicEmbedding(getDb(), owner, { embeddable: true });
		expect(await embedding.setPublicEmbedding(getDb(), owner, {})).toEqual({ embeddable: false });
		const events = (await listAudit(getDb(), { projectId: team.project.id })).filter((e) => e.action === 'project.public_embedding');
		expect(events.map((e) => [e.actor, e.details])).toEqual([
			[team.owner.name, { from: true, to: false }],
			[team.owner.name, { from: false, to: true }]
		]);
	});

	it('is refused to translators and reviewers, and a value that is no yes or no is refused', async () => {
		const team = await createTeam();
		for (const who of [team.translator, team.reviewer]) {
			const attempt = embedding.setPublicEmbedding(getDb(), (await projectAs(who, team.project.id))!, { embeddable: true });
			await expect(attempt).rejects.toSatisfy((e) => e instanceof DomainError && e.code === 'forbidden');
		}
		const owner = (await projectAs(team.owner, team.project.id))!;
		await expect(embedding.setPublicEmbedding(getDb(), owner, { embeddable: 'maybe' })).rejects.toSatisfy(
			(e) => e instanceof DomainError && e.code === 'invalid' && e.field === 'embeddable'
		);
		expect(await embedding.publicEmbeddingOf(getDb(), team.project.id)).toBe(false);
	});
});
