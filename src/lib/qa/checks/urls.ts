import type { QaCheck, QaFinding, Span } from '../types';

// ASCII only: in a Chinese source a URL runs straight into the next character without a space.
// An address starts and ends where no letter, digit or address punctuation joins on, so that an
// address the fix puts in its place is read back whole.
export const ADDRESS =
	/(?<![A-Za-z0-9._%+-])(?:(?:https?:\/\/|www\.)[!-~]+|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9@-]|\.[A-Za-z0-9]))/gi;
const FORBIDDEN = /[<>"'`]/;
// What is left after trimming must still read as an address on its own (not a bare “http://”).
const WHOLE = new RegExp(`^(?:${ADDRESS.source})$`, 'i');

interface Address {
	text: string;
	span: Span;
}

/** Sentence punctuation after an address is not part of it; a closing bracket is, when it opened inside. */
function trimTrailing(text: string): string {
	let end = text.length;
	while (end > 0) {
		const char = text[end - 1];
		if ('.,;:!?'.includes(char)) end--;
		else if (')]}'.includes(char)) {
			const open = { ')': '(', ']': '[', '}': '{' }[char] as string;
			const body = text.slice(0, end);
			if (body.split(open).length >= body.split(char).length) break;
			end--;
		} else break;
	}
	return text.slice(0, end);
}

export function addresses(text: string): Address[] {
	const found: Address[] = [];
	for (const match of text.matchAll(ADDRESS)) {
		let raw = match[0];
		const cut = raw.search(FORBIDDEN);
		if (cut >= 0) raw = raw.slice(0, cut);
		raw = trimTrailing(raw);
		if (raw.length < 5 || !WHOLE.test(raw)) continue;
		found.push({ text: raw, span: { start: match.index, end: match.index + raw.length } });
	}
	return found;
}

function kindOf(address: string): 'e-mail address' | 'link' {
	return address.includes('@') && !/^(?:https?:|www\.)/i.test(address) ? 'e-mail address' : 'link';
}

export function addressFindings(source: string, target: string): QaFinding[] {
	const extra = addresses(target);
	const missing: Address[] = [];
	for (const address of addresses(source)) {
		const i = extra.findIndex((other) => other.text === address.text);
		if (i >= 0) extra.splice(i, 1);
		else missing.push(address);
	}
	return missing.map((address, i): QaFinding => {
		const kind = kindOf(address.text);
		// Paired in order with what the translation has instead: most often the same address mistyped.
		const instead = extra[i];
		if (!instead) {
			return { message: `The ${kind} “${address.text}” from the source is missing in the translation: copy it as it is.`, source: address.span };
		}
		return {
			message: `The translation has “${instead.text}” where the source has the ${kind} “${address.text}”: copy it as it is.`,
			source: address.span,
			target: instead.span,
			// A link put where an e-mail address stood would run on into what follows it (“a@b.cn/x”).
			...(kindOf(instead.text) === kind && {
				fix: { target: instead.span, replacement: address.text, label: `Replace with “${address.text}”` }
			})
		};
	});
}

export const urlsEmailsCheck: QaCheck = {
	id: 'urls-emails',
	severity: 'error',
	label: 'Links and e-mail addresses',
	run({ source, target }) {
		return addressFindings(source, target);
	}
};
