import { describe, expect, it } from 'vitest';
import { consistencyFindings } from './consistency';

const seg = (position: number, source: string, target: string) => ({ position, source, target });

describe('consistencyFindings', () => {
	it('flags the segment that renders a repeated source differently from the others', () => {
		const findings = consistencyFindings([
			seg(1, '乡村振兴。', 'Rural revitalisation.'),
			seg(2, '其他。', 'Other.'),
			seg(3, '乡村振兴。', 'Rural revitalisation.'),
			seg(4, '乡村振兴。', 'Rural revival.')
		]);
		expect(findings).toEqual([{ segment: 3, message: expect.stringContaining('segment 1: “Rural revitalisation.”') }]);
	});

	it('does not flag repeats translated alike (whitespace aside), empty targets or unique sources', () => {
		expect(
			consistencyFindings([seg(1, '一。', 'One.'), seg(2, ' 一。', 'One. '), seg(3, '一。', ''), seg(4, '二。', 'Two.'), seg(5, '', 'x'), seg(6, '', 'y')])
		).toEqual([]);
	});

	it('flags a segment that differs from every rendition elsewhere in the project', () => {
		const elsewhere = [
			{ source: '乡村振兴。', target: 'Rural revitalisation.', documentTitle: 'Earlier story' },
			{ source: '乡村振兴。', target: 'Rural revival.', documentTitle: 'Another story' }
		];
		expect(consistencyFindings([seg(1, '乡村振兴。', 'Rural revival.')], elsewhere)).toEqual([]);
		const [finding] = consistencyFindings([seg(1, '乡村振兴。', 'Revitalising the countryside.')], elsewhere);
		expect(finding).toMatchObject({ segment: 0, message: expect.stringContaining('“Earlier story” translates the same source as “Rural revitalisation.”') });
	});
});
