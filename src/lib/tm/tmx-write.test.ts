import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '../import/markdown';
import { markedBlock, parseXml, TMX_HEADER, xmllint, type Xml } from '../testing/export-fixture';
import { toTmx } from '../publish/export-tmx';
import { readTmx, type TmxEvent, type TmxUnit } from './tmx-read';
import { formatTmxDate, writeTmx, type TmWriteUnit } from './tmx-write';

const LANGS = { sourceLang: 'zh-Hans', targetLang: 'en' };
const CREATED = new Date('2024-01-31T08:30:00.000Z');

async function written(units: TmWriteUnit[]): Promise<string> {
	let xml = '';
	for await (const chunk of writeTmx(units, { ...LANGS, createdAt: CREATED })) xml += chunk;
	return xml;
}

async function unitsOf(xml: string): Promise<TmxUnit[]> {
	const events: TmxEvent[] = [];
	for await (const event of readTmx([xml], LANGS)) events.push(event);
	return events.flatMap((e) => ('unit' in e ? [e.unit] : []));
}

const [SOURCE] = parseMarkdown('**加粗 *斜体* 结束**，详见[官网](https://example.com/a?x=1&y=2)');
const [TARGET] = parseMarkdown('**Bold *italic* end**; see the [website](https://example.com/a?x=1&y=2)');

describe('writeTmx', () => {
	it('writes a well-formed TMX 1.4 file with the header CAT tools require, the unit metadata as attributes and props', async () => {
		const xml = await written([
			{
				source: SOURCE,
				target: TARGET,
				createdAt: CREATED,
				createdBy: 'Tomás',
				changedAt: new Date('2024-02-01T00:00:00Z'),
				changedBy: 'Rita <reviewer>',
				documentTitle: '哈尔滨 & more',
				projectName: 'Harbin',
				context: { prev: '上一句。', next: '下一句。' }
			}
		]);
		expect(await xmllint(xml)).toEqual({ valid: true, errors: [] });
		const tmx = (parseXml(xml) as Xml).tmx;
		expect(tmx.version).toBe('1.4');
		expect(tmx.header).toEqual({ ...TMX_HEADER, datatype: 'html', creationdate: '20240131T083000Z' });
		const tu = tmx.body.tu[0];
		expect(tu).toMatchObject({ creationdate: '20240131T083000Z', creationid: 'Tomás', changedate: '20240201T000000Z', changeid: 'Rita <reviewer>' });
		expect(tu.prop.map((p: Xml) => [p.type, p['#text']])).toEqual([
			['x-document', '哈尔滨 & more'],
			['x-project', 'Harbin'],
			['x-context-prev', '上一句。'],
			['x-context-next', '下一句。']
		]);
	});

	it('encodes inline codes exactly as the document TMX export does', async () => {
		const xml = await written([{ source: SOURCE, target: TARGET, createdAt: CREATED }]);
		const exported = toTmx({
			title: 't',
			version: 1,
			...LANGS,
			segments: [{ position: 1, segmentId: 1, revisionId: 1, state: 'approved', source: SOURCE, target: TARGET }]
		});
		const segs = (text: string) => text.match(/<seg>.*?<\/seg>/g);
		expect(segs(xml)).toEqual(segs(exported));
		expect(segs(xml)![0]).toContain('<bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>加粗 <bpt i="2" x="2" type="italic">');
	});

	it('writes nothing but the frame for an empty memory, and streams one chunk per unit', async () => {
		expect(await unitsOf(await written([]))).toEqual([]);
		const chunks: string[] = [];
		async function* two() {
			yield { source: SOURCE, target: TARGET, createdAt: CREATED };
			yield { source: TARGET, target: SOURCE, createdAt: CREATED };
		}
		for await (const chunk of writeTmx(two(), LANGS)) chunks.push(chunk);
		expect(chunks).toHaveLength(4);
	});

	it('formats dates as TMX wants them', () => {
		expect(formatTmxDate(new Date('2024-12-31T23:59:59.999Z'))).toBe('20241231T235959Z');
	});
});

describe('round trip through writeTmx and readTmx', () => {
	it('gives back the same blocks, marks on every character, breaks and metadata', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(fc.tuple(markedBlock, markedBlock), { minLength: 1, maxLength: 5 }), async (pairs) => {
				const usable = pairs.filter(([s, t]) => [s, t].every((b) => b.content?.some((n) => n.type === 'text' && n.text.trim())));
				const units = usable.map(([source, target]) => ({ source, target, createdAt: CREATED, createdBy: 'Tomás', context: { prev: 'p' } }));
				const back = await unitsOf(await written(units));
				expect(back.map((u) => [u.source, u.target])).toEqual(usable);
				for (const u of back) {
					expect(u).toMatchObject({ sourceLang: 'zh-Hans', targetLang: 'en', createdAt: CREATED, createdBy: 'Tomás', droppedCodes: 0 });
					expect(u.props).toEqual({ 'x-context-prev': 'p' });
				}
			}),
			{ numRuns: 60 }
		);
	});
});
