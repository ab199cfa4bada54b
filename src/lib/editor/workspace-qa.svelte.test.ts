import { describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { DEMO_GLOSSARY } from '../glossary/demo';
import type { Block } from '../import/model';
import { WorkspaceQa, type QaRow } from './workspace-qa.svelte';

const p = (text: string): Block => ({ type: 'paragraph', content: [{ type: 'text', text }] });

function rows(): QaRow[] {
	return [
		{ id: 1, source: p('学习“千万工程”'), target: p('Study the “Ten Thousand Project”'), draft: null, differsFromMt: false },
		{ id: 2, source: p('浦江经验'), target: p('Pujiang Experience'), draft: null, differsFromMt: true }
	];
}

function setUp(list = rows()) {
	const waiting: ((d: { timeRemaining(): number }) => void)[] = [];
	const qa = new WorkspaceQa(
		{ glossary: [...DEMO_GLOSSARY], severities: {}, mt: { 2: 'Pujiang experience' } },
		{ sourceLang: 'zh-Hans', targetLang: 'en' },
		list,
		(fn) => waiting.push(fn),
		// Time stands still: only the idle moment's own timeRemaining() ends a slice, however slow
		// the machine running the test is. The 10 ms slice has its own test with a clock.
		() => 0
	);
	const idle = (ms = 50) => {
		for (const fn of waiting.splice(0)) fn({ timeRemaining: () => ms });
		flushSync();
	};
	return { qa, idle, waiting, list };
}

describe('WorkspaceQa', () => {
	it('indexes the glossary in idle moments of its own, one side each, before any row asks', () => {
		const { idle, waiting } = setUp();
		expect(waiting).toHaveLength(1);
		let calls = 0;
		// An index takes a while: a moment that runs out after the first job leaves the second for the next.
		for (const fn of waiting.splice(0)) fn({ timeRemaining: () => (calls++ === 0 ? 50 : 0) });
		expect(waiting).toHaveLength(1);
		idle();
		expect(waiting).toHaveLength(0);
	});

	it('counts rows only when asked, in an idle moment, and caches the count per text', () => {
		const { qa, idle, waiting, list } = setUp();
		idle();
		expect(waiting).toHaveLength(0);
		expect(qa.counted(list[0])).toBeNull();
		expect(waiting).toHaveLength(1);
		idle();
		const first = qa.counted(list[0]);
		expect(first?.some((i) => i.check === 'glossary' && i.severity === 'warning')).toBe(true);
		expect(qa.counted(list[0])).toBe(first);
		expect(waiting).toHaveLength(0);
	});

	it('knows the MT: the saved text where it does not differ, else what the page load sent', () => {
		const { qa, list } = setUp();
		expect(qa.check(list[0], list[0].target).map((i) => i.check)).toContain('unchanged-mt');
		expect(qa.check(list[1], p('Pujiang experience')).map((i) => i.check)).toContain('unchanged-mt');
		expect(qa.check(list[1], list[1].target).map((i) => i.check)).not.toContain('unchanged-mt');
	});

	it('counts again once the text changed', () => {
		const { qa, idle, list } = setUp();
		qa.counted(list[0]);
		idle();
		list[0].draft = p('Study the “Ten Million Project”');
		expect(qa.counted(list[0])?.some((i) => i.check === 'glossary')).toBe(true);
		idle();
		expect(qa.counted(list[0])?.some((i) => i.check === 'glossary')).toBe(false);
	});

	it('stops when the idle moment is used up and goes on in the next', () => {
		const { qa, idle, waiting, list } = setUp();
		qa.counted(list[0]);
		qa.counted(list[1]);
		idle(0);
		expect(qa.counted(list[0])).toBeNull();
		expect(waiting).toHaveLength(1);
		idle();
		expect(qa.counted(list[1])).not.toBeNull();
	});

	it('shows source terms once found in an idle moment; the shortcut finds them at once', () => {
		const { qa, idle, list } = setUp();
		expect(qa.shownTerms(list[0])).toEqual([]);
		idle();
		expect(qa.shownTerms(list[0]).map((t) => t.insert)).toEqual(['Ten Million Project']);
	});

	it('finds the source terms once per row and answers the nth', () => {
		const { qa, list } = setUp();
		expect(qa.terms(list[0])).toBe(qa.terms(list[0]));
		expect(qa.term(list[0], 1)).toBe('Ten Million Project');
		expect(qa.term(list[0], 2)).toBeNull();
	});

	it('redraws a row when its own count or terms arrive, not every row still waiting', () => {
		const many: QaRow[] = Array.from({ length: 200 }, (_, i) => ({ ...rows()[0], id: i + 1 }));
		const { qa, idle, waiting } = setUp(many);
		let runs = 0;
		const stop = $effect.root(() => {
			for (const row of many) {
				$effect(() => {
					runs++;
					qa.counted(row);
					qa.shownTerms(row);
				});
			}
		});
		flushSync();
		expect(runs).toBe(200);
		for (let i = 0; waiting.length > 0 && i < 100; i++) idle();
		expect(many.every((row) => qa.counted(row) !== null && qa.shownTerms(row).length === 1)).toBe(true);
		// Each row once at first, then once for its count and once for its terms (or once for both).
		expect(runs).toBeLessThanOrEqual(600);
		stop();
	});

	it('takes a slice of a long idle moment, however long the moment, and leaves the rest for the next', () => {
		const many: QaRow[] = Array.from({ length: 30 }, (_, i) => ({ ...rows()[0], id: i + 1 }));
		let clock = 0;
		const waiting: ((d: { timeRemaining(): number }) => void)[] = [];
		const qa = new WorkspaceQa(
			{ glossary: [], severities: {}, mt: {} },
			{ sourceLang: 'zh-Hans', targetLang: 'en' },
			many,
			(fn) => waiting.push(fn),
			() => clock
		);
		for (const row of many) qa.counted(row);
		const counted = () => many.filter((row) => qa.counted(row) !== null).length;
		// Each count takes 1 ms on this clock; the browser offers 50 ms, the work takes 10 less the 3 it leaves.
		const moment = () => {
			const started = clock;
			for (const fn of waiting.splice(0)) fn({ timeRemaining: () => 50 - (clock - started) });
		};
		const tick = qa.check.bind(qa);
		qa.check = (row, block) => ((clock += 1), tick(row, block));
		moment();
		expect(counted()).toBe(8);
		expect(waiting).toHaveLength(1);
		moment();
		expect(counted()).toBe(16);
	});
});
