import { describe, expect, it } from 'vitest';
import type { Inline } from '../import/model';
import { splitBySpans } from './term-pieces';

const bold = [{ type: 'strong' as const }];

describe('splitBySpans', () => {
	it('cuts a text node around a span', () => {
		const content: Inline[] = [{ type: 'text', text: '学习千万工程经验' }];
		expect(splitBySpans(content, [{ start: 2, end: 6 }])).toEqual([
			{ kind: 'text', text: '学习', marks: [], span: null },
			{ kind: 'text', text: '千万工程', marks: [], span: 0 },
			{ kind: 'text', text: '经验', marks: [], span: null }
		]);
	});

	it('counts a hard break as one character and keeps marks on each piece of a span that crosses nodes', () => {
		const content: Inline[] = [{ type: 'text', text: 'ab' }, { type: 'hard_break' }, { type: 'text', text: 'cd', marks: bold }, { type: 'text', text: 'ef' }];
		expect(splitBySpans(content, [{ start: 4, end: 6 }])).toEqual([
			{ kind: 'text', text: 'ab', marks: [], span: null },
			{ kind: 'break' },
			{ kind: 'text', text: 'c', marks: bold, span: null },
			{ kind: 'text', text: 'd', marks: bold, span: 0 },
			{ kind: 'text', text: 'e', marks: [], span: 0 },
			{ kind: 'text', text: 'f', marks: [], span: null }
		]);
	});

	it('leaves content without spans whole', () => {
		expect(splitBySpans([{ type: 'text', text: 'x' }], [])).toEqual([{ kind: 'text', text: 'x', marks: [], span: null }]);
	});
});
