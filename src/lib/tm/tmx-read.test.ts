import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '../import/markdown';
import type { Block, Inline } from '../import/model';
import { readTmx, TmxError, type TmxEvent, type TmxLimits, type TmxSkip, type TmxUnit } from './tmx-read';

const ZH_EN = { sourceLang: 'zh-Hans', targetLang: 'en' };
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

async function read(input: string | Uint8Array | (string | Uint8Array)[], want = ZH_EN, limits?: TmxLimits) {
	const events: TmxEvent[] = [];
	for await (const event of readTmx(Array.isArray(input) ? input : [input], want, limits)) events.push(event);
	return {
		units: events.flatMap((e) => ('unit' in e ? [e.unit] : [])),
		skips: events.flatMap((e) => ('skip' in e ? [e.skip] : [])),
		progress: events.flatMap((e) => ('progress' in e ? [e.progress.bytes] : []))
	};
}

async function refusal(input: Parameters<typeof read>[0], want = ZH_EN, limits?: TmxLimits): Promise<TmxError> {
	const error = await read(input, want, limits).then(
		() => null,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(TmxError);
	return error as TmxError;
}

const text = (t: string, ...marks: ('strong' | 'em')[]): Inline => ({
	type: 'text',
	text: t,
	...(marks.length ? { marks: marks.map((type) => ({ type })) } : {})
});
const para = (...content: Inline[]): Block => ({ type: 'paragraph', content });
const tmx = (body: string, header = 'srclang="zh-CN"') =>
	`<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header creationtool="t" creationtoolversion="1" o-tmf="t" datatype="html" segtype="sentence" adminlang="en" ${header}/><body>${body}</body></tmx>`;
const tu = (zh: string, en: string, attrs = '') => `<tu${attrs}><tuv xml:lang="zh-CN"><seg>${zh}</seg></tuv><tuv xml:lang="en-US"><seg>${en}</seg></tuv></tu>`;

describe('readTmx: what CAT tools write', () => {
	it('reads OmegaT (TMX 1.1 lang=, a DOCTYPE naming its DTD, dates on the target, its tags kept as text)', async () => {
		const { units, skips } = await read(fixture('omegat.tmx'));
		expect(skips).toEqual([]);
		expect(units.map((u) => [u.source, u.target])).toEqual([
			[para(text('哈尔滨冰雪大世界开园了。')), para(text('The Harbin Ice and Snow World has opened.'))],
			[para(text('游客可以免费参观。')), para(text('Visitors can enter free of charge.'))],
			[para(text('欢迎光临！')), para(text('Welcome!'))]
		]);
		expect(units[0]).toMatchObject({
			sourceLang: 'ZH-CN',
			targetLang: 'EN-GB',
			createdBy: 'tomas',
			createdAt: new Date('2024-01-15T09:29:55Z'),
			changedBy: 'tomas',
			changedAt: new Date('2024-01-15T09:30:12Z'),
			droppedCodes: 0,
			line: 7
		});
		expect(units[1]).toMatchObject({ changedBy: 'rita', droppedCodes: 2 });
		expect(units[2].props).toEqual({ file: 'news/harbin.html', prev: '哈尔滨冰雪大世界开园了。', next: '开放时间延长。' });
	});

	it("reads OmegaT's level-2 export, whose <bpt> hold OmegaT tags that are no formatting Rendition knows", async () => {
		const [unit] = (await read(fixture('omegat-level2.tmx'))).units;
		expect(unit).toMatchObject({ source: para(text('游客可以免费参观。')), target: para(text('Visitors can enter free of charge.')), droppedCodes: 2 });
	});

	it('reads Trados Studio (numbered code types with no native data, props, DOMAIN\\user ids)', async () => {
		const { units, skips } = await read(fixture('trados.tmx'));
		expect(skips).toEqual([]);
		expect(units[0]).toMatchObject({
			source: para(text('哈尔滨冰雪大世界开园了。')),
			target: para(text('The Harbin Ice and Snow World has opened.')),
			createdBy: 'ACME\\tomas',
			changedBy: 'ACME\\rita',
			createdAt: new Date('2024-01-10T10:15:00Z'),
			droppedCodes: 2
		});
		expect(units[0].props).toMatchObject({
			'x-Origin': 'TM',
			'x-ConfirmationLevel': 'ApprovedSignOff',
			'x-Context': '-3348571458917342734, 5381922107455519216'
		});
		expect(units[1]).toMatchObject({ source: para(text('门票元。')), target: para(text('Tickets cost  yuan.')), droppedCodes: 2 });
	});

	it('reads memoQ (links and bold by type, a line-break <ph>, <hi> italic, an image dropped, notes and context props)', async () => {
		const { units, skips } = await read(fixture('memoq.tmx'));
		expect(skips).toEqual([]);
		const link = { type: 'link' as const, attrs: { href: 'https://www.example.cn/news?id=1&lang=zh', title: null } };
		expect(units[0].source).toEqual(para(text('请访问'), { type: 'text', text: '官网', marks: [link] }, text('了解'), text('开放时间', 'strong'), text('。')));
		expect(units[0].target.content?.[1]).toEqual({ type: 'text', text: 'official site', marks: [link] });
		expect(units[0]).toMatchObject({ sourceLang: 'zh-cn', targetLang: 'en-gb', createdBy: 'tomas', changedBy: 'rita', droppedCodes: 0 });
		expect(units[0].props['x-context-pre']).toBe('<seg>哈尔滨冰雪大世界开园了。</seg>');
		expect(units[1].source).toEqual(para(text('冰雪节'), { type: 'hard_break' }, text('第二行', 'em')));
		expect(units[1].target).toEqual(para(text('Ice Festival'), { type: 'hard_break' }, text('second line', 'em')));
		expect(units[1]).toMatchObject({ notes: ['Logo in the first line.'], droppedCodes: 2 });
	});

	it('reads MateCat (tuid, x-MateCAT props, placeholders dropped, a bold spanning two units as <it>), skipping an empty target', async () => {
		const { units, skips } = await read(fixture('matecat.tmx'));
		expect(units.map((u) => u.tuid)).toEqual(['1234567', '1234568']);
		expect(units[0].source).toEqual(para(text('票价为元，'), text('儿童半价', 'strong')));
		expect(units[0].target).toEqual(para(text('Tickets cost  yuan, '), text('half price for children', 'strong')));
		expect(units[1].source).toEqual(para(text('及老人。', 'strong'), text('欢迎！')));
		expect(units[0]).toMatchObject({ droppedCodes: 2, createdAt: new Date('2024-04-01T10:10:10Z') });
		expect(units[0].props).toMatchObject({ 'x-MateCAT-status': 'APPROVED', 'x-MateCAT-filename': 'harbin.docx' });
		expect(skips).toEqual([{ line: 19, tuid: '1234569', reason: 'Its en-US segment cannot be a Rendition segment: it is empty.' }]);
	});

	it('reads back Rendition’s own document export: nested marks, links and line breaks', async () => {
		const [source] = parseMarkdown('**加粗 *斜体* 结束**  \n[链接](https://example.com/?a=1&b=2)');
		const xml = tmx(
			tu(
				'<bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>加粗 <bpt i="2" x="2" type="italic">&lt;i&gt;</bpt>斜体<ept i="2">&lt;/i&gt;</ept> 结束<ept i="1">&lt;/b&gt;</ept><ph x="3" type="lb">&lt;br/&gt;</ph><bpt i="4" x="4" type="link">&lt;a href=&quot;https://example.com/?a=1&amp;amp;b=2&quot;&gt;</bpt>链接<ept i="4">&lt;/a&gt;</ept>',
				'x'
			)
		);
		expect((await read(xml)).units[0].source).toEqual(source);
	});
});

describe('readTmx: languages', () => {
	it('matches xml:lang variants by primary subtag, whatever the order of the variants, and allows srclang="*all*"', async () => {
		const xml = tmx(
			`<tu><tuv xml:lang="EN-us"><seg>Hello.</seg></tuv><tuv xml:lang="ja"><seg>こんにちは。</seg></tuv><tuv xml:lang="zh_cn"><seg>你好。</seg></tuv></tu>`,
			'srclang="*all*"'
		);
		const [unit] = (await read(xml)).units;
		expect(unit).toMatchObject({ source: para(text('你好。')), target: para(text('Hello.')), sourceLang: 'zh_cn', targetLang: 'EN-us' });
	});

	it('refuses a file in another pair, naming both pairs', async () => {
		const error = await refusal(fixture('wrong-pair.tmx'), { sourceLang: 'zh', targetLang: 'en' });
		expect(error.message).toBe('This TMX holds de-DE → fr; the project translates zh → en. Export the memory for this language pair and import that file.');
	});

	it('refuses a file whose units hold the source language but not the target', async () => {
		const error = await refusal(tmx(`<tu><tuv xml:lang="zh-CN"><seg>你好。</seg></tuv><tuv xml:lang="de"><seg>Hallo.</seg></tuv></tu>`));
		expect(error.message).toMatch(/^This TMX holds zh-CN → de; the project translates zh-Hans → en\./);
	});

	it('skips units without one of the two languages, and reads a file without units as empty', async () => {
		const { units, skips } = await read(
			tmx(tu('你好。', 'Hello.') + `<tu tuid="7"><tuv xml:lang="zh-CN"><seg>只有中文。</seg></tuv><tuv xml:lang="fr"><seg>Seul.</seg></tuv></tu>`)
		);
		expect(units).toHaveLength(1);
		expect(skips).toEqual([{ line: 1, tuid: '7', reason: 'It has no en segment (it holds zh-CN, fr).' }]);
		expect(await read(tmx(''))).toEqual({ units: [], skips: [], progress: [expect.any(Number)] });
	});
});

describe('readTmx: limits and skips', () => {
	it('skips a side over 20,000 characters or empty, with the reason, and reads on', async () => {
		const { units, skips } = await read(
			tmx(tu('长'.repeat(20_001), 'Long.', ' tuid="a"') + tu('<ph type="image">&lt;img/&gt;</ph>', 'Image.', ' tuid="b"') + tu('好。', 'Good.'))
		);
		expect(skips.map((s: TmxSkip) => [s.tuid, s.reason])).toEqual([
			['a', 'Its zh-CN segment cannot be a Rendition segment: it has more than 20,000 characters.'],
			['b', 'Its zh-CN segment cannot be a Rendition segment: it is empty.']
		]);
		expect(units.map((u: TmxUnit) => u.target)).toEqual([para(text('Good.'))]);
		expect((await read(tmx(tu('长'.repeat(20_000), 'Long.')))).units).toHaveLength(1);
	});

	it('never lets a code’s native data or a <sub> into the text, and drops unsafe links', async () => {
		const zh =
			'前<ph x="1">&lt;img alt="secret"/&gt;<sub>替代文字</sub></ph>后<bpt i="2" type="link">&lt;a href="javascript:alert(1)"&gt;</bpt>链<ept i="2">&lt;/a&gt;</ept><ut>&lt;font&gt;</ut>。';
		const [unit] = (await read(tmx(tu(zh, 'x')))).units;
		expect(unit.source).toEqual(para(text('前后链。')));
		expect(unit.droppedCodes).toBe(3);
	});

	it('refuses a stream past the byte limit without reading the rest of it', async () => {
		let pulled = 0;
		async function* endless() {
			yield '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="zh-CN"/><body>';
			for (;;) {
				pulled++;
				yield tu('你好。', 'Hello.').repeat(100);
			}
		}
		const events: TmxEvent[] = [];
		const error = await (async () => {
			for await (const event of readTmx(endless(), ZH_EN, { maxBytes: 1_000_000 })) events.push(event);
		})().catch((e: unknown) => e);
		expect(error).toBeInstanceOf(TmxError);
		expect((error as TmxError).message).toBe('This file is larger than 1 MB; split it into smaller files and import them one by one.');
		expect(pulled).toBeLessThan(200);
		expect(events.some((e) => 'unit' in e)).toBe(true);
	});

	it('reports the bytes read after each chunk, and reads text split anywhere across chunks', async () => {
		const bytes = new TextEncoder().encode(tmx(tu('你好，&lt;世界&gt;。', 'Hello, <bpt i="1" type="bold">&lt;b&gt;</bpt>world<ept i="1">&lt;/b&gt;</ept>.')));
		const chunks = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.slice(i * 7, i * 7 + 7));
		const { units, progress } = await read(chunks);
		expect(units[0].source).toEqual(para(text('你好，<世界>。')));
		expect(units[0].target).toEqual(para(text('Hello, '), text('world', 'strong'), text('.')));
		expect(progress).toHaveLength(chunks.length);
		expect(progress.at(-1)).toBe(bytes.length);
	});
});

describe('readTmx: files refused as a whole', () => {
	it('refuses malformed XML with its line', async () => {
		const error = await refusal(fixture('malformed.tmx'));
		expect(error.line).toBe(6);
		expect(error.message).toMatch(/^This file is not well-formed XML \(line 6\): unexpected close tag/);
	});

	it('refuses a file that is not TMX', async () => {
		const error = await refusal('<?xml version="1.0"?><xliff version="1.2"/>');
		expect(error.message).toBe('This is not a TMX file: its root element is <xliff>, where a TMX file has <tmx>.');
	});

	it('refuses entity declarations (billion laughs, XXE) before expanding anything', async () => {
		const laughs = `<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><tmx version="1.4"><header srclang="zh"/><body>${tu('&b;', 'x')}</body></tmx>`;
		expect((await refusal(laughs)).message).toMatch(/declares entities or other markup in its DOCTYPE/);
		const xxe = `<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]><tmx version="1.4"><header srclang="zh"/><body>${tu('&x;', 'x')}</body></tmx>`;
		expect((await refusal(xxe)).message).toMatch(/declares entities/);
		expect((await refusal(tmx(tu('&nbsp;', 'x')))).message).toMatch(/not well-formed XML/);
	});

	it('refuses UTF-16 and invalid UTF-8, and a declared encoding other than UTF-8', async () => {
		const utf16 = Buffer.from(`\uFEFF${tmx(tu('你好。', 'Hello.'))}`, 'utf16le');
		expect((await refusal(new Uint8Array(utf16))).message).toBe('This file is UTF-16; save it as UTF-8 and import it again.');
		const bad = new TextEncoder().encode(tmx(`\n\n${tu('你好。', 'Hello.')}`));
		const broken = new Uint8Array([...bad.slice(0, bad.indexOf(0xe4)), 0xff, ...bad.slice(bad.indexOf(0xe4))]);
		const error = await refusal(broken);
		expect(error.message).toBe('This file is not valid UTF-8 (line 3); save it as UTF-8 and import it again.');
		expect((await refusal('<?xml version="1.0" encoding="ISO-8859-1"?><tmx/>')).message).toBe(
			'This file says it is encoded in ISO-8859-1; save it as UTF-8 and import it again.'
		);
		expect((await refusal('')).message).toBe('The file is empty.');
	});

	it('reads a UTF-8 byte order mark', async () => {
		const bytes = new TextEncoder().encode(`\uFEFF${tmx(tu('你好。', 'Hello.'))}`);
		expect((await read(bytes)).units).toHaveLength(1);
		expect((await read(`\uFEFF${tmx(tu('你好。', 'Hello.'))}`)).units).toHaveLength(1);
	});
});
