import { describe, expect, it } from 'vitest';
import { excerpt } from './excerpt';

describe('excerpt', () => {
	it('marks the span with the text around it, cut with “…” far from it', () => {
		const text = `${'a'.repeat(100)}丨${'b'.repeat(100)}`;
		const e = excerpt(text, { start: 100, end: 101 });
		expect(e.flagged).toBe('丨');
		expect(e.before).toBe(`…${'a'.repeat(60)}`);
		expect(e.after).toBe(`${'b'.repeat(60)}…`);
	});

	it('shows a short text whole, and clamps a span past its end', () => {
		expect(excerpt('Short.', undefined)).toEqual({ before: 'Short.', flagged: '', after: '' });
		expect(excerpt('Short.', { start: 4, end: 40 })).toEqual({ before: 'Shor', flagged: 't.', after: '' });
	});
});
