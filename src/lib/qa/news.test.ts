import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runChecks } from './run';

// The demo article and its machine translation: ordinary news prose that QA must leave alone,
// apart from the headline's leftover “丨”.
const fixture = (name: string) => readFileSync(new URL(`../import/fixtures/${name}`, import.meta.url), 'utf8');
const paragraphs = (text: string) =>
	text
		.split(/\n\s*\n/)
		.map((p) => p.trim())
		.filter(Boolean);
const sources = paragraphs(fixture('heilongjiang-daily-2023-07-02.zh.txt'));
const targets = paragraphs(fixture('heilongjiang-daily-2023-07-02.en-mt.txt'));
const context = { sourceLang: 'zh-Hans', targetLang: 'en' };

describe('the demo article', () => {
	it('pairs its paragraphs', () => {
		expect(sources).toHaveLength(targets.length);
		expect(targets.length).toBeGreaterThan(5);
	});

	it('flags the headline’s “丨” and nothing else in it', () => {
		const issues = runChecks({ source: sources[0], target: targets[0] }, context);
		const bar = targets[0].indexOf('丨');
		expect(issues).toEqual([
			{
				check: 'leftover-script',
				severity: 'error',
				message: 'The translation still has “丨” (full-width vertical bar) from the source: use “|” or a dash.',
				target: { start: bar, end: bar + 1 },
				fix: { target: { start: bar, end: bar + 1 }, replacement: '|', label: 'Replace with “|”' }
			}
		]);
	});

	it('finds nothing in the body but the unchanged MT note', () => {
		for (let i = 1; i < targets.length - 1; i++) {
			const issues = runChecks({ source: sources[i], target: targets[i], mt: targets[i] }, context);
			expect(issues.map((issue) => issue.check)).toEqual(['unchanged-mt']);
		}
	});

	it('flags the stray quote the MT left in the last paragraph (“final” … one kilometer”)', () => {
		const last = targets.at(-1)!;
		const issues = runChecks({ source: sources.at(-1)!, target: last }, context);
		expect(issues).toEqual([
			{
				check: 'brackets',
				severity: 'warning',
				message: 'This closing quotation mark (”) has no opening one (“): add it or remove this one.',
				target: { start: last.lastIndexOf('”'), end: last.lastIndexOf('”') + 1 }
			}
		]);
	});
});
