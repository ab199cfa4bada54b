import { describe, expect, it } from 'vitest';
import { percent } from './percent';

describe('percent', () => {
	it('shows a share with one decimal at most', () => {
		expect(percent(0.125)).toBe('12.5 %');
		expect(percent(0.3)).toBe('30 %');
		expect(percent(1)).toBe('100 %');
		expect(percent(0)).toBe('0 %');
	});
});
