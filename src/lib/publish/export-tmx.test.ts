import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toTmx } from './export-tmx';
import { blockFromPlainText } from '../import/model';
import {
	documentOf,
	hardDocument,
	HARD_TEXTS,
	MARKED_SOURCE,
	MARKED_TARGET,
	markedBlock,
	markedDocument,
	paragraph,
	parseXml,
	readSides,
	segment,
	textOf,
	TMX_HEADER,
	xmllint,
	type Xml
} from '../testing/export-fixture';

describe('TMX 1.4', () => {
	it('is well-formed with the required header attributes and one tu per segment pair', async () => {
		const xml = toTmx(hardDocument());
		expect(await xmllint(xml)).toEqual({ valid: true, errors: [] });
		const tmx = (parseXml(xml) as Xml).tmx;
		expect(tmx.version).toBe('1.4');
		expect(tmx.header).toMatchObject({ ...TMX_HEADER, datatype: 'plaintext' });
		expect(tmx.header.prop).toMatchObject({ type: 'x-title', '#text': 'Harbin <i>news</i> & “more”' });
		const units = tmx.body.tu;
		expect(units).toHaveLength(HARD_TEXTS.length);
		for (const [i, tu] of units.entries()) {
			expect(tu.tuv.map((v: Xml) => v['xml:lang'])).toEqual(['zh-Hans', 'en']);
			expect(tu.tuv.map((v: Xml) => textOf(v.seg))).toEqual([HARD_TEXTS[i].trim(), HARD_TEXTS[i].trim()]);
		}
	});

	it('holds only approved segments', () => {
		const doc = documentOf(
			[
				segment(1, paragraph('Approved.')),
				segment(2, paragraph('Edited.'), 'edited'),
				segment(3, null, 'untranslated'),
				segment(4, paragraph('Also approved.'))
			],
			null
		);
		const units = (parseXml(toTmx(doc)) as Xml).tmx.body.tu;
		expect(units.map((tu: Xml) => [tu.tuid, textOf(tu.tuv[1].seg)])).toEqual([
			['101', 'Approved.'],
			['104', 'Also approved.']
		]);
	});

	it('is still a TMX document with no approved segment', async () => {
		const xml = toTmx(documentOf([segment(1, paragraph('Draft.'), 'mt')], null));
		expect((await xmllint(xml)).valid).toBe(true);
		expect((await xmllint(xml.replace('</body>', ''))).valid).toBe(false);
	});

	it('keeps bold, italic and links as level-2 markup, a target code matching its source code by x', async () => {
		const xml = toTmx(markedDocument());
		expect(await xmllint(xml)).toEqual({ valid: true, errors: [] });
		expect(readSides(xml)).toEqual({ source: MARKED_SOURCE.content, target: MARKED_TARGET.content });
		expect((parseXml(xml) as Xml).tmx.header.datatype).toBe('html');
		expect(xml).toContain('<bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>冰雪大世界<ept i="1">&lt;/b&gt;</ept>');
		expect(xml).toContain('<bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>Harbin Ice and Snow World<ept i="1">&lt;/b&gt;</ept>');
		expect(xml).toContain('<bpt i="2" x="2" type="link">&lt;a href=&quot;https://example.com/a?x=1&amp;amp;y=&amp;quot;2&amp;quot;&quot;&gt;</bpt>official ');
	});

	it('writes a hard break as <ph type="lb">, matched across the two sides by x', async () => {
		const lines = (text: string) => blockFromPlainText(text, { type: 'paragraph' });
		const xml = toTmx(documentOf([segment(1, lines('one\ntwo'), 'approved', lines('一\n二'))]));
		expect(await xmllint(xml)).toEqual({ valid: true, errors: [] });
		expect(xml).toContain('<seg>一<ph x="1" type="lb">&lt;br/&gt;</ph>二</seg>');
		expect(xml).toContain('<seg>one<ph x="1" type="lb">&lt;br/&gt;</ph>two</seg>');
		expect((parseXml(xml) as Xml).tmx.header.datatype).toBe('html');
	});

	it('round-trips any mix of marks, text and breaks', () => {
		fc.assert(
			fc.property(markedBlock, markedBlock, (source, target) => {
				expect(readSides(toTmx(documentOf([segment(1, target, 'approved', source)])))).toEqual({ source: source.content, target: target.content });
			})
		);
	});
});
