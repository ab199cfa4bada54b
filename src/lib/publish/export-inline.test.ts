import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '../import/markdown';
import type { Block, Mark } from '../import/model';
import { childrenOf, countCodes, documentOf, findElements, markedBlock, parseOrderedXml, readSides, segment } from '../testing/export-fixture';
import { hasCodes } from './export-inline';
import { toTmx } from './export-tmx';
import { toXliff12, toXliff20 } from './export-xliff';

const FORMATS = { 'XLIFF 1.2': toXliff12, 'XLIFF 2.0': toXliff20, TMX: toTmx } as const;
const both = (block: Block) => documentOf([segment(1, block, 'approved', block)]);
const firstSource = (xml: string) => {
	const tree = parseOrderedXml(xml);
	return childrenOf(findElements(tree, 'seg')[0] ?? findElements(tree, 'source')[0]);
};

/**
 * Each mark's maximal runs as [first, last] node positions, a break between two nodes that both
 * have the mark counting as inside it: the pairs of codes a minimal encoding writes.
 */
function markRuns(block: Block): [string, number, number][] {
	const nodes = block.content ?? [];
	const runs: [string, number, number][] = [];
	const key = (m: Mark) => JSON.stringify(m);
	const keys = new Set(nodes.flatMap((n) => (n.type === 'text' ? (n.marks ?? []).map(key) : [])));
	for (const k of keys) {
		let start = -1;
		let last = -1;
		nodes.forEach((n, i) => {
			if (n.type === 'hard_break') return;
			const has = (n.marks ?? []).some((m) => key(m) === k);
			if (has && start < 0) start = i;
			if (!has && start >= 0) {
				runs.push([k, start, last]);
				start = -1;
			}
			if (has) last = i;
		});
		if (start >= 0) runs.push([k, start, last]);
	}
	return runs;
}

const laminar = (runs: [string, number, number][]) =>
	runs.every(([, a1, b1]) => runs.every(([, a2, b2]) => b1 < a2 || b2 < a1 || (a1 <= a2 && b2 <= b1) || (a2 <= a1 && b1 <= b2)));

describe('nesting of inline codes', () => {
	const [boldItalic] = parseMarkdown('**加粗 *斜体* 结束**');
	const [linkInBold] = parseMarkdown('**加粗 [链接](https://example.com/) 结束**');

	for (const [name, write] of Object.entries(FORMATS)) {
		it(`${name}: keeps bold open around an italic that starts inside it (two pairs of codes, not four)`, () => {
			const xml = write(both(boldItalic));
			expect(countCodes(firstSource(xml))).toEqual(name === 'XLIFF 2.0' ? { pc: 2 } : { bpt: 2, ept: 2 });
			expect(readSides(xml).source).toEqual(boldItalic.content);
		});

		it(`${name}: puts a link that starts inside bold inside the bold`, () => {
			const xml = write(both(linkInBold));
			expect(countCodes(firstSource(xml))).toEqual(name === 'XLIFF 2.0' ? { pc: 2 } : { bpt: 2, ept: 2 });
			expect(readSides(xml).source).toEqual(linkInBold.content);
		});
	}

	it('nests the codes by the marks themselves: the bold outside, whatever order the marks are listed in', () => {
		expect(toTmx(both(boldItalic))).toContain(
			'<seg><bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>加粗 <bpt i="2" x="2" type="italic">&lt;i&gt;</bpt>斜体<ept i="2">&lt;/i&gt;</ept> 结束<ept i="1">&lt;/b&gt;</ept></seg>'
		);
		expect(toXliff12(both(linkInBold))).toContain(
			'<bpt id="1" ctype="bold">&lt;b&gt;</bpt>加粗 <bpt id="2" ctype="link">&lt;a href=&quot;https://example.com/&quot;&gt;</bpt>链接<ept id="2">&lt;/a&gt;</ept> 结束<ept id="1">&lt;/b&gt;</ept>'
		);
	});

	it('keeps a hard break inside the marks on both its sides, and outside a mark that ends at it', () => {
		const [poem] = parseMarkdown('**一行  \n二行**  \n三行');
		expect(toTmx(both(poem))).toContain(
			'<seg><bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>一行<ph x="2" type="lb">&lt;br/&gt;</ph>二行<ept i="1">&lt;/b&gt;</ept><ph x="3" type="lb">&lt;br/&gt;</ph>三行</seg>'
		);
	});

	it('writes codes that nest, read back to the same marks on every character, one pair per run when the runs nest', () => {
		fc.assert(
			fc.property(markedBlock, (block) => {
				const runs = markRuns(block);
				for (const [name, write] of Object.entries(FORMATS)) {
					const xml = write(both(block));
					// readSides refuses an <ept> that does not close the innermost open code.
					expect(readSides(xml)).toEqual({ source: block.content, target: block.content });
					const codes = countCodes(firstSource(xml));
					const pairs = name === 'XLIFF 2.0' ? (codes.pc ?? 0) : (codes.bpt ?? 0);
					if (laminar(runs)) expect(pairs, name).toBe(runs.length);
					else expect(pairs, name).toBeGreaterThan(runs.length);
				}
			})
		);
	});

	it('encodes a segment with the same codes in XLIFF 1.2 as in TMX, so a CAT tool sees the same tags in both', () => {
		const codesOf = (xml: string) =>
			firstSource(xml).map((node) => {
				const tag = Object.keys(node).find((k) => k !== ':@')!;
				if (tag === '#text') return ['text', node['#text']];
				const a = node[':@'] ?? {};
				const data = childrenOf(node)
					.map((n) => n['#text'] ?? '')
					.join('');
				return [tag, a.ctype ?? a.type, a.id ?? a.i ?? a.x, data];
			});
		fc.assert(
			fc.property(markedBlock, (block) => {
				expect(codesOf(toXliff12(both(block)))).toEqual(codesOf(toTmx(both(block))));
				if (hasCodes(block)) expect(codesOf(toTmx(both(block))).some(([tag]) => tag !== 'text')).toBe(true);
			})
		);
	});
});
