import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../testing/test-db';
import { createTeam, projectAs } from '../testing/factories';
import { getDb } from '../db/db';
import { DomainError } from '../errors';
import { listAudit } from '../activity/audit';
import * as settings from './settings';

useTestDatabase();

describe('QA severities of a project', () => {
	it('start with the checks’ defaults and keep only what differs from them, audited', async () => {
		const team = await createTeam();
		expect(await settings.projectQaSeverities(getDb(), team.project.id)).toEqual({});
		const owner = (await projectAs(team.owner, team.project.id))!;
		// leftover-script is an error by default: naming that is no override.
		expect(await settings.setQaSeverities(getDb(), owner, { severities: { glossary: 'error', 'doubled-word': 'off', 'leftover-script': 'error' } })).toEqual({
			glossary: 'error',
			'doubled-word': 'off'
		});
		expect(await settings.projectQaSeverities(getDb(), team.project.id)).toEqual({ glossary: 'error', 'doubled-word': 'off' });
		await settings.setQaSeverities(getDb(), owner, { severities: { glossary: 'error', 'doubled-word': 'off' } });
		const events = (await listAudit(getDb(), { projectId: team.project.id })).filter((e) => e.action === 'project.qa_severities');
		expect(events).toHaveLength(1);
	});

	it('are the owners’ to change, and name only known checks and levels', async () => {
		const team = await createTeam();
		const translator = (await projectAs(team.translator, team.project.id))!;
		await expect(settings.setQaSeverities(getDb(), translator, { severities: { glossary: 'error' } })).rejects.toSatisfy(
			(e) => e instanceof DomainError && e.code === 'forbidden'
		);
		const owner = (await projectAs(team.owner, team.project.id))!;
		await expect(settings.setQaSeverities(getDb(), owner, { severities: { spelling: 'error' } })).rejects.toThrow(/Name a QA check/);
		await expect(settings.setQaSeverities(getDb(), owner, { severities: { glossary: 'fatal' } })).rejects.toThrow(/error, warning, info or off/);
	});
});
