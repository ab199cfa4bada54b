import { TmxError } from './tmx-units';

// The bytes of a TMX file as the reader takes them. The reader reads UTF-8; TMX files are also
// written as UTF-16 with a byte order mark (the TMX specification allows it, and older CAT tools
// export it), which is turned into text here, its XML declaration saying UTF-8 from then on since
// what the reader gets is already decoded. UTF-32, and UTF-16 without a BOM (which cannot be told
// apart from UTF-8 with certainty), are refused with a message.

/** What is wrong with a file that starts with these bytes, or null (UTF-8, or UTF-16 with a BOM). */
export function tmxEncodingProblem(head: Uint8Array): string | null {
	const [a, b, c, d] = head;
	if ((a === 0xff && b === 0xfe && c === 0x00 && d === 0x00) || (a === 0x00 && b === 0x00)) {
		return 'This file is UTF-32; save it as UTF-8 and import it again.';
	}
	if ((a === 0x00 && b === 0x3c) || (a === 0x3c && b === 0x00)) {
		return 'This file looks like UTF-16 without a byte order mark; save it as UTF-8 (or UTF-16 with a BOM) and import it again.';
	}
	return null;
}

/** Two byte arrays as one: the first bytes of a file may come in pieces smaller than a BOM. */
export function joinBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
	const joined = new Uint8Array(a.length + b.length);
	joined.set(a);
	joined.set(b, a.length);
	return joined;
}

function utf16Of(head: Uint8Array): 'utf-16le' | 'utf-16be' | null {
	if (head[0] === 0xff && head[1] === 0xfe && !(head[2] === 0x00 && head[3] === 0x00)) return 'utf-16le';
	if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
	return null;
}

const DECLARED_UTF16 = /^(\s*<\?xml[^>]*?encoding\s*=\s*)(["'])utf-?16(?:le|be)?\2/i;

/** The file as UTF-8 bytes or text: UTF-16 with a BOM decoded, anything else passed on as it is. */
export async function* decodeTmxInput(input: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>): AsyncGenerator<Uint8Array | string> {
	let head: Uint8Array = new Uint8Array(0);
	let decoder: TextDecoder | null = null;
	let decided = false;
	// The start of the text is held back until the XML declaration is whole, to rewrite it.
	let opening: string | null = '';
	const text = (chunk: Uint8Array, final: boolean): string => {
		let out: string;
		try {
			out = decoder!.decode(chunk, { stream: !final });
		} catch {
			throw new TmxError('This file is not valid UTF-16; save it as UTF-8 and import it again.');
		}
		if (opening === null) return out;
		opening += out;
		if (!final && !opening.includes('>') && opening.length < 1_000) return '';
		out = opening.replace(DECLARED_UTF16, '$1$2UTF-8$2');
		opening = null;
		return out;
	};
	for await (const chunk of input) {
		if (typeof chunk === 'string' || decided) {
			decided = true;
			if (decoder && typeof chunk !== 'string') {
				const decoded = text(chunk, false);
				if (decoded) yield decoded;
			} else yield chunk;
			continue;
		}
		const joined = joinBytes(head, chunk);
		if (joined.length < 4) {
			head = joined;
			continue;
		}
		decided = true;
		const encoding = utf16Of(joined);
		if (!encoding) {
			yield joined;
			continue;
		}
		// fatal: a lone surrogate is refused, not stored as U+FFFD.
		decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: false });
		const decoded = text(joined, false);
		if (decoded) yield decoded;
	}
	if (!decided && head.length > 0) {
		const encoding = utf16Of(head);
		if (!encoding) yield head;
		else {
			decoder = new TextDecoder(encoding, { fatal: true });
			const decoded = text(head, false);
			if (decoded) yield decoded;
		}
	}
	if (decoder) {
		const rest = text(new Uint8Array(0), true);
		if (rest) yield rest;
	}
}
