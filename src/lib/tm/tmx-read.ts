import { SaxesParser } from 'saxes';
import { MAX_SEGMENT_CHARS } from '../import/block-limits';
import { TmxError, TmxSink, type Parser, type TmxEvent } from './tmx-units';
import { joinBytes } from './tmx-decode';

export { tmxDate, TmxError, type TmxEvent, type TmxSkip, type TmxUnit } from './tmx-units';

// A streaming TMX 1.4b reader (TMX 1.1 and 1.2 files read too): the pairs of segments in the
// project's two languages, one event per <tu>, with memory bounded by one unit whatever the
// file's size. Inline codes Rendition knows (bold, italic, links, line breaks) become marks and
// hard breaks; every other code is dropped with its native data, never leaked into the text.
// docs/interchange.md says what is read and why.

export interface TmxLimits {
	/** The file's size in bytes; past it the read stops at once. */
	maxBytes?: number;
	/** Characters in one side of a unit (a segment's limit). */
	maxChars?: number;
}

export const DEFAULT_MAX_TMX_BYTES = 1_000_000_000;
/** Strings are parsed in slices so that the events of one huge chunk are handed out as they come. */
const SLICE_CHARS = 1 << 16;

const count = (n: number) => n.toLocaleString('en');
const sizeOf = (bytes: number) =>
	bytes >= 1e9 ? `${count(+(bytes / 1e9).toFixed(1))} GB` : bytes >= 1e6 ? `${count(+(bytes / 1e6).toFixed(1))} MB` : `${count(bytes)} bytes`;

function utf8Length(text: string): number {
	let bytes = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c < 0x80) bytes += 1;
		else if (c < 0x800) bytes += 2;
		else if (c >= 0xd800 && c < 0xdc00) {
			bytes += 4;
			i++;
		} else bytes += 3;
	}
	return bytes;
}

/** The reason a file's first bytes are not UTF-8 XML, or null. */
function encodingProblem(head: Uint8Array): string | null {
	const [a, b, c, d] = head;
	if ((a === 0xfe && b === 0xff) || (a === 0xff && b === 0xfe) || (a === 0x00 && b === 0x3c) || (a === 0x3c && b === 0x00)) {
		if (c === 0x00 && d === 0x00 && a === 0xff) return 'This file is UTF-32; save it as UTF-8 and import it again.';
		return 'This file is UTF-16; save it as UTF-8 and import it again.';
	}
	if (a === 0x00 && b === 0x00) return 'This file is UTF-32; save it as UTF-8 and import it again.';
	return null;
}

/**
 * Reads a TMX file as it streams in, yielding each unit in the project's language pair, each unit
 * skipped with its reason, and the bytes read so far after every chunk. A file that cannot be read
 * as a whole (not UTF-8, not well-formed, not TMX, a DOCTYPE with declarations, too large, or
 * no unit in the pair) throws TmxError: the caller imports nothing then, so it must not commit
 * units before the generator has finished.
 */
export async function* readTmx(
	input: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
	want: { sourceLang: string; targetLang: string },
	limits: TmxLimits = {}
): AsyncGenerator<TmxEvent> {
	const maxBytes = limits.maxBytes ?? DEFAULT_MAX_TMX_BYTES;
	const parser: Parser = new SaxesParser({ position: true, xmlns: false });
	const sink = new TmxSink(parser, want, limits.maxChars ?? MAX_SEGMENT_CHARS);
	parser.on('error', (e) => {
		if (e instanceof TmxError) throw e;
		const reason = e.message.replace(/^(?:[^:]*:)?\d+:\d+: /, '');
		throw new TmxError(`This file is not well-formed XML (line ${parser.line}): ${reason}`, parser.line);
	});
	parser.on('xmldecl', (decl) => {
		if (decl.encoding && !/^(utf-?8|us-ascii)$/i.test(decl.encoding.trim())) {
			throw new TmxError(`This file says it is encoded in ${decl.encoding}; save it as UTF-8 and import it again.`, parser.line);
		}
	});
	parser.on('doctype', (doctype) => {
		// OmegaT and others name the TMX DTD, which is never fetched; declarations inside it are
		// refused: entities can expand to gigabytes (billion laughs) or read local files (XXE).
		if (doctype.includes('[')) {
			throw new TmxError(
				'This file declares entities or other markup in its DOCTYPE, which Rendition does not read. Remove the DOCTYPE and import it again.',
				parser.line
			);
		}
	});
	parser.on('opentag', (tag) => sink.open(tag));
	parser.on('text', (text) => sink.text(text));
	parser.on('cdata', (text) => sink.text(text));
	parser.on('closetag', (tag) => sink.close(tag));

	const decoder = new TextDecoder('utf-8', { fatal: true });
	let head: Uint8Array | null = new Uint8Array(0);
	let bytes = 0;

	let first = true;
	function* feed(text: string): Generator<TmxEvent> {
		if (first && text) {
			first = false;
			if (text.startsWith('\uFEFF')) text = text.slice(1);
		}
		let at = 0;
		while (at < text.length) {
			// A slice must not end inside a surrogate pair.
			let end = Math.min(at + SLICE_CHARS, text.length);
			if (end < text.length && /[\uD800-\uDBFF]/.test(text[end - 1])) end++;
			parser.write(text.slice(at, end));
			yield* sink.events.splice(0);
			at = end;
		}
	}

	function decode(chunk: Uint8Array, final: boolean): string {
		try {
			return decoder.decode(chunk, { stream: !final });
		} catch {
			const lossy = new TextDecoder('utf-8').decode(chunk);
			const before = lossy.slice(0, Math.max(0, lossy.indexOf('\uFFFD')));
			const line = parser.line + (before.match(/\n/g)?.length ?? 0);
			throw new TmxError(`This file is not valid UTF-8 (line ${line}); save it as UTF-8 and import it again.`, line);
		}
	}

	for await (const chunk of input) {
		const size = typeof chunk === 'string' ? utf8Length(chunk) : chunk.byteLength;
		bytes += size;
		if (bytes > maxBytes) throw new TmxError(`This file is larger than ${sizeOf(maxBytes)}; split it into smaller files and import them one by one.`);
		if (typeof chunk === 'string') yield* feed(chunk);
		else if (head) {
			const joined = joinBytes(head, chunk);
			if (joined.length < 4) {
				head = joined;
				continue;
			}
			const problem = encodingProblem(joined);
			if (problem) throw new TmxError(problem, 1);
			head = null;
			yield* feed(decode(joined, false));
		} else yield* feed(decode(chunk, false));
		yield { progress: { bytes } };
	}
	if (head && head.length > 0) {
		const problem = encodingProblem(head);
		if (problem) throw new TmxError(problem, 1);
		yield* feed(decode(head, false));
	}
	yield* feed(decode(new Uint8Array(0), true));
	if (bytes === 0) throw new TmxError('The file is empty.');
	parser.close();
	yield* sink.events.splice(0);
	sink.finish();
}
