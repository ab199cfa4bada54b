import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toXliff12, toXliff20 } from './export-xliff';
import {
	childrenOf,
	documentOf,
	findElements,
	hardDocument,
	HARD_TEXTS,
	MARKED_SOURCE,
	MARKED_TARGET,
	markedBlock,
	markedDocument,
	paragraph,
	parseOrderedXml,
	parseXml,
	readSides,
	segment,
	textOf,
	xliffSchema,
	xmllint,
	type Xml
} from '../testing/export-fixture';
import { blockFromPlainText, plainText, type Block } from '../import/model';
import type { ExportState } from './export-model';

const states: ExportState[] = ['untranslated', 'mt', 'edited', 'submitted', 'changes_requested', 'approved'];
const mixedDocument = () =>
	documentOf(
		states.map((state, i) => segment(i + 1, state === 'untranslated' ? null : paragraph(`Text ${state} & <b>`), state)),
		null
	);

describe('XLIFF 1.2', () => {
	it('is well-formed, with one trans-unit per segment and the texts back after parsing', async () => {
		const xml = toXliff12(hardDocument());
		expect(await xmllint(xml, xliffSchema('1.2'))).toEqual({ valid: true, errors: [] });
		const file = (parseXml(xml) as Xml).xliff.file;
		expect(file).toMatchObject({ 'source-language': 'zh-Hans', 'target-language': 'en', original: 'Harbin i news i & “more” (v3)', datatype: 'plaintext' });
		expect(file.header.note).toBe('Harbin <i>news</i> & “more”');
		const units = file.body['trans-unit'];
		expect(units.map((u: Xml) => textOf(u.target))).toEqual(HARD_TEXTS.map((t) => t.trim()));
		expect(units.map((u: Xml) => textOf(u.source))).toEqual(HARD_TEXTS.map((t) => t.trim()));
		expect(units[0]).toMatchObject({
			id: '101',
			approved: 'yes',
			'xml:space': 'preserve',
			source: { 'xml:lang': 'zh-Hans' },
			target: { 'xml:lang': 'en', state: 'final' }
		});
	});

	it('gives each workflow state a target state, and an untranslated segment an empty target that needs translation', async () => {
		const xml = toXliff12(mixedDocument());
		expect(await xmllint(xml, xliffSchema('1.2'))).toEqual({ valid: true, errors: [] });
		const units = (parseXml(xml) as Xml).xliff.file.body['trans-unit'];
		expect(xml).toContain('<target xml:lang="en" state="needs-translation"></target>');
		expect(units[0].target).toEqual({ 'xml:lang': 'en', state: 'needs-translation' });
		expect(units.map((u: Xml) => u.target.state)).toEqual([
			'needs-translation',
			'needs-review-translation',
			'translated',
			'translated',
			'needs-translation',
			'final'
		]);
		expect(units[1].target['state-qualifier']).toBe('leveraged-mt');
		expect(units.filter((u: Xml) => u.approved === 'yes')).toHaveLength(1);
	});

	it('writes a hard break as a line-break placeholder, never a bare line feed', async () => {
		const xml = toXliff12(
			documentOf([segment(1, blockFromPlainText('one\ntwo', { type: 'paragraph' }), 'approved', blockFromPlainText('一\n二', { type: 'paragraph' }))])
		);
		expect(await xmllint(xml, xliffSchema('1.2'))).toEqual({ valid: true, errors: [] });
		expect(xml).toContain('<source xml:lang="zh-Hans">一<ph id="1" ctype="lb">&lt;br/&gt;</ph>二</source>');
		expect(xml).toContain('<target xml:lang="en" state="final">one<ph id="1" ctype="lb">&lt;br/&gt;</ph>two</target>');
		expect((parseXml(xml) as Xml).xliff.file.datatype).toBe('html');
	});

	it('names the document in original: its title and version, without characters a path would read', () => {
		const file = (doc: { title: string; version: number | null }) => (parseXml(toXliff12({ ...hardDocument(), ...doc })) as Xml).xliff.file.original;
		expect(file({ title: '哈尔滨冰雪节', version: 3 })).toBe('哈尔滨冰雪节 (v3)');
		expect(file({ title: '../../etc/passwd', version: null })).toBe('.. .. etc passwd (current)');
		expect(file({ title: 'C:\\news\u0000\u202Etxt.exe', version: 1 })).toBe('C news txt.exe (v1)');
		expect(file({ title: '  ', version: 2 })).toBe('Untitled document (v2)');
		expect([...file({ title: '长'.repeat(500), version: 1 })]).toHaveLength(120 + ' (v1)'.length);
	});
});

describe('XLIFF 2.0', () => {
	it('is well-formed, with one unit per segment and the texts back after parsing', async () => {
		const xml = toXliff20(hardDocument());
		expect(await xmllint(xml, xliffSchema('2.0'))).toEqual({ valid: true, errors: [] });
		const root = (parseXml(xml) as Xml).xliff;
		expect(root).toMatchObject({ xmlns: 'urn:oasis:names:tc:xliff:document:2.0', version: '2.0', srcLang: 'zh-Hans', trgLang: 'en' });
		expect(root.file.notes.note).toMatchObject({ category: 'title', '#text': 'Harbin <i>news</i> & “more”' });
		const units = root.file.unit;
		expect(units.map((u: Xml) => textOf(u.segment.target))).toEqual(HARD_TEXTS.map((t) => t.trim()));
		expect(units[0]).toMatchObject({
			id: 'u101',
			segment: { id: 's101', state: 'final', subState: 'rendition:approved', source: { 'xml:lang': 'zh-Hans' }, target: { 'xml:lang': 'en' } }
		});
	});

	it('maps workflow states to initial, translated and final; an untranslated segment is initial without a target', async () => {
		const xml = toXliff20(mixedDocument());
		expect(await xmllint(xml, xliffSchema('2.0'))).toEqual({ valid: true, errors: [] });
		const units = (parseXml(xml) as Xml).xliff.file.unit;
		expect(units.map((u: Xml) => u.segment.state)).toEqual(['initial', 'initial', 'translated', 'translated', 'translated', 'final']);
		expect(units[0].segment.target).toBeUndefined();
		expect(units[0].segment.subState).toBe('rendition:untranslated');
	});

	it('names the document in original and writes a hard break as <ph subType="xlf:lb">', async () => {
		const xml = toXliff20(
			documentOf([segment(1, blockFromPlainText('one\ntwo', { type: 'paragraph' }), 'approved', blockFromPlainText('一\n二', { type: 'paragraph' }))])
		);
		expect(await xmllint(xml, xliffSchema('2.0'))).toEqual({ valid: true, errors: [] });
		expect((parseXml(xml) as Xml).xliff.file.original).toBe('Harbin i news i & “more” (v3)');
		expect(xml).toContain('<source xml:lang="zh-Hans">一<ph id="1" type="fmt" subType="xlf:lb"/>二</source>');
		expect(xml).toContain('<target xml:lang="en">one<ph id="1" type="fmt" subType="xlf:lb"/>two</target>');
	});
});

describe('both XLIFF versions', () => {
	it('are checked against the official schemas, which refuse what the specifications forbid', async () => {
		const xliff12 = toXliff12(hardDocument());
		const xliff20 = toXliff20(hardDocument());
		// Each mutation is something a careless serialiser could emit and a parser would accept.
		expect((await xmllint(xliff12.replace('state="final"', 'state="approved"'), xliffSchema('1.2'))).valid).toBe(false);
		expect((await xmllint(xliff12.replace(/ id="101"/, ''), xliffSchema('1.2'))).valid).toBe(false);
		expect((await xmllint(xliff20.replace('state="final"', 'state="approved"'), xliffSchema('2.0'))).valid).toBe(false);
		expect((await xmllint(xliff20.replace(/ srcLang="[^"]*"/, ''), xliffSchema('2.0'))).valid).toBe(false);
		expect((await xmllint(xliff12, xliffSchema('2.0'))).valid).toBe(false);
	});

	it('stay valid against the schemas for an untitled current state with a multi-line segment', async () => {
		// Every document has a segment: the import refuses an empty source, and XLIFF 2.0 needs a unit.
		const doc = { ...documentOf([segment(1, blockFromPlainText('one\ntwo', { type: 'paragraph' }), 'edited')], null), title: '' };
		expect(await xmllint(toXliff12(doc), xliffSchema('1.2'))).toEqual({ valid: true, errors: [] });
		expect(await xmllint(toXliff20(doc), xliffSchema('2.0'))).toEqual({ valid: true, errors: [] });
	});

	it('round-trip any text, dropping only characters XML cannot hold', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }), (raw) => {
				const text = raw.replace(/[\n\r]/g, ' ');
				if (!text.trim()) return;
				const block = blockFromPlainText(text, { type: 'paragraph' });
				const expected = plainText(block).replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
				const doc = documentOf([segment(1, block, 'approved', block)]);
				expect(textOf((parseXml(toXliff12(doc)) as Xml).xliff.file.body['trans-unit'][0].target)).toBe(expected);
				expect(textOf((parseXml(toXliff20(doc)) as Xml).xliff.file.unit[0].segment.target)).toBe(expected);
			})
		);
	});
});

describe('inline markup', () => {
	const doc = markedDocument();

	it('keeps bold, italic and links as codes both XLIFF versions validate and a reader turns back into the same marks', async () => {
		const xliff12 = toXliff12(doc);
		const xliff20 = toXliff20(doc);
		expect(await xmllint(xliff12, xliffSchema('1.2'))).toEqual({ valid: true, errors: [] });
		expect(await xmllint(xliff20, xliffSchema('2.0'))).toEqual({ valid: true, errors: [] });
		for (const xml of [xliff12, xliff20]) expect(readSides(xml)).toEqual({ source: MARKED_SOURCE.content, target: MARKED_TARGET.content });
		expect((parseXml(xliff12) as Xml).xliff.file.datatype).toBe('html');
		expect((parseXml(toXliff12(hardDocument())) as Xml).xliff.file.datatype).toBe('plaintext');
	});

	it('gives a target code the id of the matching source code, and codes the translator added ids of their own', () => {
		const xliff20 = toXliff20(doc);
		const tree = parseOrderedXml(xliff20);
		const codes = (side: 'source' | 'target') =>
			findElements(childrenOf(findElements(tree, side)[0]), 'pc').map((pc) => [pc[':@']!.id, pc[':@']!.subType ?? pc[':@']!.type]);
		expect(codes('source')).toEqual([
			['1', 'xlf:b'],
			['2', 'link'],
			['3', 'xlf:i']
		]);
		// Bold, the first link and the italic match the source's; the second bold, the break and the other link are new.
		expect(codes('target')).toEqual([
			['1', 'xlf:b'],
			['2', 'link'],
			['4', 'xlf:b'],
			['3', 'xlf:i'],
			['6', 'link']
		]);
		expect(findElements(childrenOf(findElements(tree, 'target')[0]), 'ph').map((ph) => ph[':@'])).toEqual([{ id: '5', type: 'fmt', subType: 'xlf:lb' }]);
		expect(xliff20).toContain(
			'<originalData><data id="d1">&lt;a href=&quot;https://example.com/a?x=1&amp;amp;y=&amp;quot;2&amp;quot;&quot;&gt;</data><data id="d2">&lt;/a&gt;</data>'
		);

		const xliff12 = toXliff12(doc);
		expect(xliff12).toContain('<bpt id="2" ctype="link">&lt;a href=&quot;https://example.com/a?x=1&amp;amp;y=&amp;quot;2&amp;quot;&quot;&gt;</bpt>');
		expect(xliff12).toContain('<bpt id="1" ctype="bold">&lt;b&gt;</bpt>Harbin Ice and Snow World<ept id="1">&lt;/b&gt;</ept>');
		expect(xliff12).toContain(
			'<bpt id="4" ctype="bold">&lt;b&gt;</bpt>website<ept id="4">&lt;/b&gt;</ept><ept id="2">&lt;/a&gt;</ept><ph id="5" ctype="lb">&lt;br/&gt;</ph>'
		);
	});

	it('round-trip any mix of marks, text and breaks, and stay valid', async () => {
		const samples: Block[] = [];
		fc.assert(
			fc.property(markedBlock, markedBlock, (source, target) => {
				const one = documentOf([segment(1, target, 'approved', source)]);
				for (const xml of [toXliff12(one), toXliff20(one)]) expect(readSides(xml)).toEqual({ source: source.content, target: target.content });
				if (samples.length < 5) samples.push(source, target);
			})
		);
		for (const sample of samples) {
			const one = documentOf([segment(1, sample, 'approved', sample)]);
			expect(await xmllint(toXliff12(one), xliffSchema('1.2'))).toEqual({ valid: true, errors: [] });
			expect(await xmllint(toXliff20(one), xliffSchema('2.0'))).toEqual({ valid: true, errors: [] });
		}
	});
});
