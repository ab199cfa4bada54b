import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { GlossaryEntry, TermStatus } from './types';
import { normalizeTerm } from './match';
import { escapeXml } from '../publish/export-xml';
import { MAX_NOTE_LENGTH, MAX_TERM_LENGTH, type GlossaryImport, type SkippedRow } from './csv';
import { primaryLanguage } from '../text/languages';

// TBX in both shapes tools write: TBX 2 / TBX-Basic (martif › termEntry › langSet › tig|ntig)
// and TBX v3, ISO 30042:2019 (tbx › conceptEntry › langSec › termSec). A concept becomes one
// entry per source term × target term. Entities are never expanded (a DOCTYPE can define a
// "billion laughs"); only XML's five predefined ones and character references are decoded.

type Node = Record<string, unknown>;

const ARRAYS = new Set([
	'termEntry',
	'conceptEntry',
	'langSet',
	'langSec',
	'tig',
	'ntig',
	'termGrp',
	'termSec',
	'termNote',
	'termNoteGrp',
	'descrip',
	'descripGrp',
	'note',
	'term'
]);
const META = XMLParser.getMetaDataSymbol();

const parser = new XMLParser({
	ignoreAttributes: false,
	attributeNamePrefix: '@',
	processEntities: false,
	htmlEntities: false,
	parseTagValue: false,
	parseAttributeValue: false,
	trimValues: true,
	captureMetaData: true,
	isArray: (name) => ARRAYS.has(name)
});

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
	return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/g, (whole, ref: string) => {
		if (ref[0] !== '#') return PREDEFINED[ref];
		const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
		return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
	});
}

/** The text of an element, including that of inline children (<hi>, <ph>…). */
function textOf(value: unknown, depth = 0): string {
	if (typeof value === 'string') return decode(value);
	if (Array.isArray(value)) return value.map((v) => textOf(v, depth + 1)).join('');
	if (!value || typeof value !== 'object' || depth > 20) return '';
	return Object.entries(value as Node)
		.filter(([key]) => !key.startsWith('@'))
		.map(([, v]) => textOf(v, depth + 1))
		.join('');
}

function list(value: unknown): Node[] {
	if (Array.isArray(value)) return value.filter((v): v is Node => !!v && typeof v === 'object');
	return value && typeof value === 'object' ? [value as Node] : [];
}

/** Elements that may hold plain text, which the parser gives as strings. */
function items(value: unknown): unknown[] {
	return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}

function attr(node: Node, name: string): string {
	const value = node[`@${name}`];
	return typeof value === 'string' ? value : '';
}

/** zh, zh-CN, zh-Hans and ZH-HANS are all Chinese: languages compare by their primary subtag. */
export function sameLanguage(a: string, b: string): boolean {
	return primaryLanguage(a) !== '' && primaryLanguage(a) === primaryLanguage(b);
}

const STATUS_NAMES: Record<string, TermStatus> = {
	preferred: 'preferred',
	admitted: 'admitted',
	deprecated: 'deprecated',
	superseded: 'deprecated',
	obsolete: 'deprecated',
	forbidden: 'forbidden',
	notrecommended: 'forbidden',
	donottranslate: 'do_not_translate'
};

/** preferredTerm-admn-sts, admittedTerm, deprecated… → a status; unknown values say nothing. */
function statusOf(value: string): TermStatus | undefined {
	const name = value
		.trim()
		.toLowerCase()
		.replace(/-admn-sts$/, '')
		.replace(/term$/, '')
		.replace(/[\s_-]/g, '');
	return STATUS_NAMES[name];
}

interface Term {
	text: string;
	status?: TermStatus;
	partOfSpeech?: string;
	notes: string[];
}

function notesOf(node: Node): string[] {
	const direct = [...items(node.descrip), ...items(node.note)];
	const grouped = list(node.descripGrp).flatMap((g) => items(g.descrip));
	return [...direct, ...grouped].map((n) => normalizeTerm(textOf(n))).filter(Boolean);
}

function readTerm(holder: Node, notesFrom: Node[]): Term | null {
	const text = normalizeTerm(
		items(holder.term)
			.map((t) => textOf(t))
			.join(' ')
	);
	if (!text) return null;
	const termNotes = [...list(holder.termNote), ...list(holder.termNoteGrp).flatMap((g) => list(g.termNote))];
	const term: Term = { text, notes: notesFrom.flatMap(notesOf) };
	for (const note of termNotes) {
		const type = attr(note, 'type');
		const value = textOf(note).trim();
		if (type === 'administrativeStatus' || type === 'normativeAuthorization') term.status ??= statusOf(value);
		else if (type === 'partOfSpeech' && value) term.partOfSpeech = value;
		else if (type === 'translationNote' && /^no$/i.test(value)) term.status = 'do_not_translate';
	}
	return term;
}

/** Terms of one language section, whichever of tig, ntig/termGrp or termSec holds them. */
function termsOf(section: Node): Term[] {
	const terms: (Term | null)[] = [
		...list(section.tig).map((tig) => readTerm(tig, [tig])),
		...list(section.ntig).flatMap((ntig) => list(ntig.termGrp).map((grp) => readTerm(grp, [ntig, grp]))),
		...list(section.termSec).map((sec) => readTerm(sec, [sec]))
	];
	return terms.filter((t): t is Term => t !== null);
}

function languageOf(section: Node): string {
	return attr(section, 'xml:lang') || attr(section, 'lang');
}

/** The 1-based line of an offset. One pass over the text, then a binary search per concept: counting from the start for each concept was quadratic in a large file. */
function lineFinder(text: string): (index: number | undefined) => number | undefined {
	const starts = [0];
	for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
	return (index) => {
		if (index === undefined || index < 0) return undefined;
		let low = 0;
		let high = starts.length - 1;
		while (low < high) {
			const middle = (low + high + 1) >> 1;
			if (starts[middle] <= index) low = middle;
			else high = middle - 1;
		}
		return low + 1;
	};
}

export type TbxImport = GlossaryImport;

export function parseTbx(text: string, sourceLang: string, targetLang: string): TbxImport {
	const refuse = (error: string): TbxImport => ({ entries: [], lines: [], skipped: [{ line: 1, reason: error }], error });
	if (typeof text !== 'string' || !text.trim().startsWith('<')) return refuse('The file is not XML.');
	const valid = XMLValidator.validate(text);
	if (valid !== true) return refuse(`The file is not well-formed XML (line ${valid.err.line}: ${valid.err.msg}).`);
	let tree: Node;
	try {
		tree = parser.parse(text) as Node;
	} catch (e) {
		return refuse(`The file could not be read as XML: ${e instanceof Error ? e.message : String(e)}`);
	}
	const root = (tree.martif ?? tree.tbx) as Node | undefined;
	if (!root || typeof root !== 'object') return refuse('The file is not TBX: its root element is neither <martif> (TBX 2) nor <tbx> (TBX v3).');
	const body = (root.text as Node | undefined)?.body as Node | undefined;
	const concepts = body && typeof body === 'object' ? [...list(body.termEntry), ...list(body.conceptEntry)] : [];
	const entries: GlossaryEntry[] = [];
	const lines: number[] = [];
	const skipped: SkippedRow[] = [];
	const seen = new Set<string>();
	const lineAt = lineFinder(text);
	concepts.forEach((concept, index) => {
		const meta = concept[META as unknown as string] as { startIndex?: number } | undefined;
		const line = lineAt(meta?.startIndex);
		const where = (reason: string): SkippedRow => {
			const id = attr(concept, 'id');
			return { line: line ?? 0, reason: line === undefined ? `Concept ${id || index + 1}: ${reason}` : reason };
		};
		const sections = [...list(concept.langSet), ...list(concept.langSec)];
		const conceptNotes = notesOf(concept);
		const pick = (lang: string) => sections.filter((s) => sameLanguage(languageOf(s), lang));
		const sourceSections = pick(sourceLang);
		const targetSections = pick(targetLang);
		const sources = sourceSections.flatMap(termsOf);
		const targets = targetSections.flatMap(termsOf);
		if (sources.length === 0 || targets.length === 0) {
			const missing = sources.length === 0 ? sourceLang : targetLang;
			skipped.push(where(`No term in ${missing}; the concept was skipped.`));
			return;
		}
		const sectionNotes = [...sourceSections, ...targetSections].flatMap(notesOf);
		for (const source of sources) {
			for (const target of targets) {
				if (source.text.length > MAX_TERM_LENGTH || target.text.length > MAX_TERM_LENGTH) {
					skipped.push(where(`Term too long (at most ${MAX_TERM_LENGTH} characters): “${source.text.slice(0, 40)}…”.`));
					continue;
				}
				const key = `${source.text}\u0000${target.text}`;
				if (seen.has(key)) {
					skipped.push(where(`Duplicate entry: “${source.text}” → “${target.text}” appears earlier in the file.`));
					continue;
				}
				seen.add(key);
				const notes = [...new Set([...target.notes, ...source.notes, ...sectionNotes, ...conceptNotes])];
				// A long definition is worth keeping in part; the limit is the storage's, not the term's.
				const note = notes.join(' — ').slice(0, MAX_NOTE_LENGTH) || null;
				const dnt = source.status === 'do_not_translate' || target.status === 'do_not_translate';
				entries.push({
					source: source.text,
					target: target.text,
					status: dnt ? 'do_not_translate' : (target.status ?? 'preferred'),
					caseSensitive: false,
					partOfSpeech: target.partOfSpeech ?? source.partOfSpeech ?? null,
					note
				});
				lines.push(line ?? 0);
			}
		}
	});
	if (concepts.length === 0) return refuse('The TBX file has no concepts (termEntry or conceptEntry).');
	return { entries, lines, skipped };
}

// TBX-Basic's picklist has no "forbidden" and no do-not-translate: the first is written as its
// plain name (which tools such as Weblate read), the second as translationNote "no" (Weblate's).
const STATUS_VALUES: Record<TermStatus, string> = {
	preferred: 'preferredTerm-admn-sts',
	admitted: 'admittedTerm-admn-sts',
	deprecated: 'deprecatedTerm-admn-sts',
	forbidden: 'forbidden',
	do_not_translate: 'preferredTerm-admn-sts'
};

/** Writes TBX-Basic, one concept per source term holding each of its renditions. */
export function glossaryToTbx(entries: readonly GlossaryEntry[], sourceLang: string, targetLang: string, version: 2 | 3): string {
	const concepts = new Map<string, GlossaryEntry[]>();
	for (const entry of entries) {
		const group = concepts.get(entry.source) ?? [];
		group.push(entry);
		concepts.set(entry.source, group);
	}
	const [conceptTag, langTag, termTag] = version === 3 ? ['conceptEntry', 'langSec', 'termSec'] : ['termEntry', 'langSet', 'tig'];
	const src = escapeXml(sourceLang);
	const tgt = escapeXml(targetLang);
	const body: string[] = [];
	let id = 0;
	for (const [source, group] of concepts) {
		id++;
		const targets = group.map((e) => {
			const notes = [
				e.partOfSpeech ? `<termNote type="partOfSpeech">${escapeXml(e.partOfSpeech)}</termNote>` : '',
				`<termNote type="administrativeStatus">${STATUS_VALUES[e.status]}</termNote>`,
				e.status === 'do_not_translate' ? '<termNote type="translationNote">no</termNote>' : '',
				e.note ? `<note>${escapeXml(e.note)}</note>` : ''
			].join('');
			return `<${termTag}><term>${escapeXml(e.target)}</term>${notes}</${termTag}>`;
		});
		body.push(
			`<${conceptTag} id="c${id}">` +
				`<${langTag} xml:lang="${src}"><${termTag}><term>${escapeXml(source)}</term></${termTag}></${langTag}>` +
				`<${langTag} xml:lang="${tgt}">${targets.join('')}</${langTag}>` +
				`</${conceptTag}>`
		);
	}
	const header = '<fileDesc><sourceDesc><p>Exported from Rendition</p></sourceDesc></fileDesc>';
	const open =
		version === 3
			? `<tbx style="dca" type="TBX-Basic" xml:lang="${src}" xmlns="urn:iso:std:iso:30042:ed-2"><tbxHeader>${header}</tbxHeader>`
			: `<martif type="TBX-Basic" xml:lang="${src}"><martifHeader>${header}</martifHeader>`;
	const close = version === 3 ? '</tbx>' : '</martif>';
	return `<?xml version="1.0" encoding="UTF-8"?>\n${open}<text><body>\n${body.join('\n')}\n</body></text>${close}\n`;
}
