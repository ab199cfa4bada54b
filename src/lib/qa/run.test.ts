import { describe, expect, it } from 'vitest';
import { CHECKS, runChecks, summarize } from './run';
import type { QaCheck } from './types';

const context = { sourceLang: 'zh-Hans', targetLang: 'en' };
const segment = { source: '记者 彭溢', target: 'Reporter  Peng Yi，', mt: 'Reporter  Peng Yi，' };

describe('runChecks', () => {
	it('sorts by target span, whole-segment notes first', () => {
		const issues = runChecks(segment, context);
		expect(issues.map((issue) => [issue.check, issue.severity, issue.target?.start])).toEqual([
			['unchanged-mt', 'info', undefined],
			['double-space', 'warning', 8],
			['leftover-script', 'error', 17]
		]);
	});

	it('applies a project’s severities and turns checks off', () => {
		const issues = runChecks(segment, context, { severities: { 'double-space': 'off', 'leftover-script': 'warning' } });
		expect(issues.map((issue) => [issue.check, issue.severity])).toEqual([
			['unchanged-mt', 'info'],
			['leftover-script', 'warning']
		]);
	});

	it('keeps the other checks’ findings when one throws', () => {
		const broken: QaCheck = {
			id: 'broken',
			severity: 'error',
			label: 'Broken',
			run() {
				throw new Error('bug');
			}
		};
		const issues = runChecks(segment, context, { checks: [broken, ...CHECKS] });
		expect(issues.map((issue) => issue.check)).toEqual(['unchanged-mt', 'double-space', 'leftover-script']);
	});

	it('has unique kebab-case ids', () => {
		const ids = CHECKS.map((check) => check.id);
		expect(new Set(ids).size).toBe(ids.length);
		for (const id of ids) expect(id).toMatch(/^[a-z]+(?:-[a-z]+)*$/);
	});
});

describe('summarize', () => {
	it('counts by severity', () => {
		expect(summarize(runChecks(segment, context))).toEqual({ error: 1, warning: 1, info: 1 });
		expect(summarize([])).toEqual({ error: 0, warning: 0, info: 0 });
	});
});
