import { blockLike, sameMarks, sortMarks, tidyInline, type Block, type HeadingLevel, type Inline, type LinkMark, type Mark } from './model';

export type ParseOptions = {
	/** Stop after this many blocks; importDocument passes its segment limit + 1 to bound the work. */
	maxBlocks?: number;
};

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// C0 and C1 controls other than tab and newline: invisible, and Postgres refuses NUL in text.
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/**
 * Input as every parser expects it: no byte-order mark, '\n' line ends (also for U+2028/U+2029),
 * lone surrogates replaced by U+FFFD, and control characters other than tab and newline removed.
 */
export function normalizeInput(input: string): string {
	return input
		.replace(/^\uFEFF/, '')
		.replace(/\r\n?|\u2028/g, '\n')
		.replace(/\u2029/g, '\n\n')
		.replace(LONE_SURROGATE, '\uFFFD')
		.replace(CONTROL, '');
}

// Scripts written without spaces between words: a line break between two of their characters
// joins the lines instead of becoming a space (Hangul uses spaces, so it is not here).
const NO_SPACE_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303F\uFF00-\uFFEF]/u;

type Pending = 'soft' | 'space' | null;

/**
 * Collects the inline content of one block while a parser walks its input. Marks are counted so
 * nested or repeated <b><strong> open and close cleanly; the innermost link wins.
 */
export class InlineBuilder {
	#nodes: Inline[] = [];
	#strong = 0;
	#em = 0;
	#links: (LinkMark | null)[] = [];
	#pending: Pending = null;
	#pendingMarks: Mark[] = [];
	#currentMarks: Mark[] | null = null;

	openStrong(): void {
		this.#strong++;
		this.#currentMarks = null;
	}
	closeStrong(): void {
		this.#strong = Math.max(0, this.#strong - 1);
		this.#currentMarks = null;
	}
	openEm(): void {
		this.#em++;
		this.#currentMarks = null;
	}
	closeEm(): void {
		this.#em = Math.max(0, this.#em - 1);
		this.#currentMarks = null;
	}
	/** `href` must already have passed `safeHref`; null opens a link whose mark was refused. */
	openLink(href: string | null, title: string | null): void {
		this.#links.push(href === null ? null : { type: 'link', attrs: { href, title } });
		this.#currentMarks = null;
	}
	closeLink(): void {
		this.#links.pop();
		this.#currentMarks = null;
	}

	/** Appends text as it is (whitespace kept). */
	text(value: string): void {
		if (value === '') return;
		this.#flushPending(value);
		this.#append(value, this.#marks());
	}

	/** Appends text the way HTML renders it: whitespace runs collapse to one space (see `space`). */
	collapsedText(value: string): void {
		const kind = (run: string) => (run.includes('\n') ? 'soft' : 'space');
		const leading = /^[ \t\n\f\r]+/.exec(value)?.[0] ?? '';
		if (leading.length === value.length) {
			if (leading) this.space(kind(leading));
			return;
		}
		const trailing = /[ \t\n\f\r]+$/.exec(value)?.[0] ?? '';
		const inner = value.slice(leading.length, value.length - trailing.length);
		if (leading) this.space(kind(leading));
		this.text(
			inner.replace(/[ \t\n\f\r]+/g, (run: string, offset: number) => {
				const before = inner.slice(Math.max(0, offset - 2), offset);
				const after = inner.slice(offset + run.length, offset + run.length + 2);
				return kind(run) === 'soft' && joinsWithoutSpace(before, after) ? '' : ' ';
			})
		);
		if (trailing) this.space(kind(trailing));
	}

	/**
	 * A space between words; 'soft' is a line break in the source, dropped between two Chinese or
	 * Japanese characters. Leading spaces and spaces next to a hard break are dropped.
	 */
	space(kind: 'soft' | 'space'): void {
		const last = this.#nodes.at(-1);
		if (last === undefined || last.type === 'hard_break') return;
		if (last.text.endsWith(' ')) return;
		if (this.#pending === null) this.#pendingMarks = this.#marks();
		if (this.#pending !== 'space') this.#pending = kind;
	}

	hardBreak(): void {
		this.#pending = null;
		this.#nodes.push({ type: 'hard_break' });
	}

	/** The collected content as a block (null when it holds no text); the builder starts over. */
	finish(type: 'paragraph' | 'heading' = 'paragraph', level: HeadingLevel = 1): Block | null {
		const content = tidyInline(this.#nodes);
		this.#nodes = [];
		this.#pending = null;
		if (content.length === 0) return null;
		const like: Block = type === 'heading' ? { type, attrs: { level } } : { type };
		return blockLike(like, content);
	}

	#flushPending(next: string): void {
		const pending = this.#pending;
		this.#pending = null;
		if (pending === null) return;
		const last = this.#nodes.at(-1);
		if (pending === 'soft' && last?.type === 'text' && joinsWithoutSpace(last.text, next)) return;
		if (/^\s/.test(next)) return;
		// The space carries only the marks on both sides of it: "a <b> b</b>" has a plain space.
		const current = this.#marks();
		const marks = this.#pendingMarks.filter((mark) => current.some((other) => sameMarks([mark], [other])));
		this.#append(' ', marks);
	}

	/** Text nodes here are the builder's own until finish, so extending the last one in place is safe. */
	#append(text: string, marks: Mark[]): void {
		const last = this.#nodes.at(-1);
		if (last?.type === 'text' && sameMarks(last.marks, marks)) last.text += text;
		else this.#nodes.push(marks.length > 0 ? { type: 'text', text, marks } : { type: 'text', text });
	}

	#marks(): Mark[] {
		if (this.#currentMarks) return this.#currentMarks;
		const marks: Mark[] = [];
		const link = this.#links.at(-1);
		if (link) marks.push(link);
		if (this.#em > 0) marks.push({ type: 'em' });
		if (this.#strong > 0) marks.push({ type: 'strong' });
		this.#currentMarks = sortMarks(marks);
		return this.#currentMarks;
	}
}

function joinsWithoutSpace(before: string, after: string): boolean {
	const lastChar = Array.from(before.slice(-2)).at(-1) ?? '';
	const firstChar = String.fromCodePoint(after.codePointAt(0) ?? 0x20);
	return NO_SPACE_SCRIPT.test(lastChar) && NO_SPACE_SCRIPT.test(firstChar);
}
