import type { SaxesParser, SaxesTagPlain } from 'saxes';
import type { Block } from '../import/model';
import { storableText } from '../validation';
import { primaryLanguage, sameLanguage } from './lang';
import { INLINE_CODES, MAX_CODE_CHARS, SegBuilder } from './tmx-seg';

// The structure of a TMX file (<header>, <tu>, <tuv>, <seg>, <prop>, <note>) turned into one
// event per unit: the pair in the project's languages, or a skip with its reason.

export interface TmxUnit {
	source: Block;
	target: Block;
	/** The languages as the file spells them (`ZH-CN`, `en-us`). */
	sourceLang: string;
	targetLang: string;
	tuid?: string;
	createdAt?: Date;
	createdBy?: string;
	changedAt?: Date;
	changedBy?: string;
	/** The unit's and its two variants' <prop>s by type; repeated types are joined by line feeds. */
	props: Record<string, string>;
	notes: string[];
	/** The line where the <tu> starts. */
	line: number;
	/** Inline codes of both sides that had no Rendition equivalent and were left out. */
	droppedCodes: number;
}

export interface TmxSkip {
	line: number;
	tuid?: string;
	reason: string;
}

/** The whole file is refused: nothing of it should be imported. */
export class TmxError extends Error {
	constructor(
		message: string,
		readonly line?: number
	) {
		super(message);
		this.name = 'TmxError';
	}
}

export type TmxEvent = { unit: TmxUnit } | { skip: TmxSkip } | { progress: { bytes: number } };

/** A prop or note longer than this is not kept: it is metadata, not something a translator reads. */
const MAX_META_CHARS = 10_000;
const MAX_META_PER_UNIT = 100;
const MAX_DEPTH = 64;
/** A TMX date, `20240131T083000Z` (also read with dashes and colons), or undefined. */
export function tmxDate(value: string | undefined): Date | undefined {
	const m = value?.trim().match(/^(\d{4})-?(\d{2})-?(\d{2})T(\d{2}):?(\d{2}):?(\d{2})(?:\.\d+)?Z$/);
	if (!m) return undefined;
	const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
	return Number.isNaN(date.getTime()) ? undefined : date;
}

export type Parser = SaxesParser<{ position: true; xmlns: false }>;

interface Side {
	lang: string;
	attrs: Record<string, string>;
	result: { block: Block } | { problem: string };
	dropped: number;
}

interface UnitState {
	line: number;
	attrs: Record<string, string>;
	props: Record<string, string>;
	notes: string[];
	langs: string[];
	source?: Side;
	target?: Side;
}

interface VariantState {
	lang: string;
	side: 'source' | 'target' | null;
	attrs: Record<string, string>;
	seg: SegBuilder | null;
	done: boolean;
}

/** Turns parser events into units and skips; `events` is drained by the reader between slices. */
export class TmxSink {
	readonly events: TmxEvent[] = [];
	private readonly stack: string[] = [];
	private headerSourceLang: string | null = null;
	private omegaTags = false;
	private unit: UnitState | null = null;
	private variant: VariantState | null = null;
	private meta: { kind: 'prop' | 'note'; type: string; text: string } | null = null;
	private code: { name: string; attrs: Record<string, string>; data: string; depth: number } | null = null;
	private highlights = 0;
	private units = 0;
	private pairs = 0;
	private readonly langsSeen = new Map<string, number>();

	constructor(
		private readonly parser: Parser,
		private readonly want: { sourceLang: string; targetLang: string },
		private readonly maxChars: number
	) {}

	private fail(message: string): never {
		throw new TmxError(message, this.parser.line);
	}

	open(tag: SaxesTagPlain): void {
		const name = tag.name;
		const attrs = tag.attributes as Record<string, string>;
		if (this.stack.length === 0 && name !== 'tmx') this.fail(`This is not a TMX file: its root element is <${name}>, where a TMX file has <tmx>.`);
		if (this.stack.length >= MAX_DEPTH) this.fail(`Elements are nested more than ${MAX_DEPTH} deep here, which no TMX file does.`);
		this.stack.push(name);
		if (this.code) {
			this.code.depth++;
			return;
		}
		const seg = this.variant?.seg;
		if (seg) {
			if (INLINE_CODES.has(name)) this.code = { name, attrs, data: '', depth: 1 };
			else if (name === 'hi') seg.openHighlight(`hi ${this.highlights++}`, attrs.type);
			// An element TMX does not have in a <seg>: its text is kept, the element itself dropped.
			else seg.dropped++;
			return;
		}
		const parent = this.stack.at(-2);
		if (name === 'header' && parent === 'tmx') {
			this.headerSourceLang = attrs.srclang ?? null;
			this.omegaTags = /^omegat\b/i.test(attrs.creationtool ?? '');
		} else if (name === 'tu') this.startUnit(attrs);
		else if (name === 'tuv' && this.unit) this.startVariant(attrs);
		else if (name === 'seg' && this.variant?.side && !this.variant.done) this.variant.seg = new SegBuilder(this.maxChars, this.omegaTags);
		else if ((name === 'prop' || name === 'note') && this.unit) this.meta = { kind: name, type: attrs.type ?? '', text: '' };
	}

	text(text: string): void {
		if (this.code) {
			// Only the code's own native data; a <sub> inside it is a separate text, left out with the code.
			if (this.code.depth === 1 && this.code.data.length <= MAX_CODE_CHARS) this.code.data += text;
		} else if (this.variant?.seg) this.variant.seg.text(text);
		else if (this.meta && this.meta.text.length <= MAX_META_CHARS) this.meta.text += text;
	}

	close(tag: SaxesTagPlain): void {
		const name = tag.name;
		this.stack.pop();
		if (this.code) {
			if (--this.code.depth > 0) return;
			const { data, attrs } = this.code;
			this.code = null;
			this.variant!.seg!.code(name, attrs, data.length > MAX_CODE_CHARS ? '' : data);
			return;
		}
		const variant = this.variant;
		if (variant?.seg && name !== 'seg') {
			if (name === 'hi') variant.seg.closeHighlight(`hi ${--this.highlights}`);
			return;
		}
		if (name === 'seg' && variant?.seg) {
			this.endSeg(variant, variant.seg);
		} else if (name === 'tuv') this.variant = null;
		else if ((name === 'prop' || name === 'note') && this.meta) this.endMeta(this.meta);
		else if (name === 'tu' && this.unit) this.endUnit(this.unit);
	}

	private startUnit(attrs: Record<string, string>): void {
		this.units++;
		this.unit = { line: this.parser.line, attrs, props: {}, notes: [], langs: [] };
	}

	private startVariant(attrs: Record<string, string>): void {
		const unit = this.unit!;
		// TMX 1.1 names the language `lang`; 1.4 `xml:lang`.
		const lang = (attrs['xml:lang'] ?? attrs.lang ?? '').trim();
		if (unit.langs.length < 20) unit.langs.push(lang);
		let side: VariantState['side'] = null;
		if (!unit.source && sameLanguage(lang, this.want.sourceLang)) side = 'source';
		else if (!unit.target && sameLanguage(lang, this.want.targetLang)) side = 'target';
		this.variant = { lang, side, attrs, seg: null, done: false };
	}

	private endSeg(variant: VariantState, seg: SegBuilder): void {
		variant.seg = null;
		variant.done = true;
		this.highlights = 0;
		this.unit![variant.side!] = { lang: variant.lang, attrs: variant.attrs, result: seg.finish(), dropped: seg.dropped };
	}

	private endMeta(meta: { kind: 'prop' | 'note'; type: string; text: string }): void {
		this.meta = null;
		const unit = this.unit!;
		if (meta.text.length > MAX_META_CHARS) return;
		if (meta.kind === 'note') {
			if (unit.notes.length < MAX_META_PER_UNIT) unit.notes.push(storableText(meta.text));
		} else if (Object.keys(unit.props).length < MAX_META_PER_UNIT || meta.type in unit.props) {
			const value = storableText(meta.text);
			unit.props[meta.type] = meta.type in unit.props ? `${unit.props[meta.type]}\n${value}` : value;
		}
	}

	private endUnit(unit: UnitState): void {
		this.unit = null;
		for (const lang of unit.langs) {
			const key = primaryLanguage(lang) ? lang : '';
			if (key && (this.langsSeen.size < 50 || this.langsSeen.has(key))) this.langsSeen.set(key, (this.langsSeen.get(key) ?? 0) + 1);
		}
		const tuid = unit.attrs.tuid || undefined;
		const skip = (reason: string): void => void this.events.push({ skip: { line: unit.line, tuid, reason } });
		const { source, target } = unit;
		if (source && target) this.pairs++;
		if (!source || !target) {
			const missing = [!source && this.want.sourceLang, !target && this.want.targetLang].filter(Boolean).join(' or ');
			const held = unit.langs.filter(Boolean);
			return skip(`It has no ${missing} segment${held.length ? ` (it holds ${held.join(', ')})` : ''}.`);
		}
		for (const side of [source, target]) {
			if ('problem' in side.result) return skip(`Its ${side.lang} segment cannot be a Rendition segment: ${side.result.problem}.`);
		}
		// Who and when: the unit's own attributes, else the target's (OmegaT writes them there), else the source's.
		const attr = (name: string) => unit.attrs[name] || target.attrs[name] || source.attrs[name] || undefined;
		this.events.push({
			unit: {
				source: (source.result as { block: Block }).block,
				target: (target.result as { block: Block }).block,
				sourceLang: source.lang,
				targetLang: target.lang,
				tuid,
				createdAt: tmxDate(attr('creationdate')),
				createdBy: attr('creationid'),
				changedAt: tmxDate(attr('changedate')),
				changedBy: attr('changeid'),
				props: unit.props,
				notes: unit.notes,
				line: unit.line,
				droppedCodes: source.dropped + target.dropped
			}
		});
	}

	/** At the end of the file: a file with units, none of them in the project's pair, is the wrong file. */
	finish(): void {
		if (this.units === 0 || this.pairs > 0) return;
		const header = this.headerSourceLang && primaryLanguage(this.headerSourceLang) ? this.headerSourceLang : null;
		const byUse = [...this.langsSeen.entries()].sort((a, b) => b[1] - a[1]).map(([lang]) => lang);
		const from = header ?? byUse[0];
		const to = byUse.filter((lang) => !sameLanguage(lang, from ?? ''));
		const holds = !from ? 'no segment with a language' : to.length ? `${from} → ${to.slice(0, 5).join(', ')}` : `only ${from}`;
		throw new TmxError(
			`This TMX holds ${holds}; the project translates ${this.want.sourceLang} → ${this.want.targetLang}. Export the memory for this language pair and import that file.`
		);
	}
}
