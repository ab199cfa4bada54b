import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { plainText } from '../import/model';
import { parseText } from '../import/text';
import { DEMO_GLOSSARY } from '../glossary/demo';
import { runChecks } from './run';

// The demo article as the demo project imports it, checked with the demo glossary: what a new
// user sees flagged in the first minute.

const fixture = (lang: string) => readFileSync(new URL(`../import/fixtures/heilongjiang-daily-2023-07-02.${lang}.txt`, import.meta.url), 'utf8');
const sources = parseText(fixture('zh')).map(plainText);
const targets = parseText(fixture('en-mt')).map(plainText);
const context = { sourceLang: 'zh-Hans', targetLang: 'en', glossary: DEMO_GLOSSARY };
const issues = sources.map((source, i) => runChecks({ source, target: targets[i] ?? '', mt: null }, context));

describe('the demo article with the demo glossary', () => {
	it('pairs its paragraphs one to one', () => {
		expect(targets.length).toBe(sources.length);
	});

	it('flags the full-width 丨 in the headline', () => {
		const flagged = issues[0].find((issue) => issue.check === 'leftover-script');
		expect(flagged).toMatchObject({ severity: 'error', fix: { replacement: '|' } });
		expect(targets[0].slice(flagged!.target!.start, flagged!.target!.end)).toBe('丨');
	});

	it('flags every segment that calls 千万工程 “Ten Thousand Project(s)”, and only those for that term', () => {
		const wrong = targets.map((t, i) => (/Ten Thousand Projects?/i.test(t) ? i : -1)).filter((i) => i >= 0);
		expect(wrong.length).toBeGreaterThanOrEqual(3);
		const flagged = issues
			.map((list, i) => (list.some((issue) => issue.check === 'glossary' && /千万工程|Ten Thousand/.test(issue.message)) ? i : -1))
			.filter((i) => i >= 0);
		expect(flagged).toEqual(wrong);
	});

	it('flags the “final … one kilometer” segment for 最后一公里', () => {
		const i = targets.findIndex((t) => /final/.test(t) && /kilometer/.test(t));
		expect(i).toBeGreaterThan(0);
		expect(issues[i].some((issue) => issue.check === 'glossary' && issue.message.includes('last mile'))).toBe(true);
	});

	it('has no error on a segment the machine translation got right', () => {
		const wrongSomewhere = (i: number) => /Ten Thousand|丨|final/.test(targets[i]);
		for (const [i, list] of issues.entries()) {
			if (wrongSomewhere(i)) continue;
			expect(
				list.filter((issue) => issue.severity === 'error'),
				`segment ${i + 1}: ${targets[i]}`
			).toEqual([]);
		}
	});
});
