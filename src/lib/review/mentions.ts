// @mentions in segment comments: which project members a comment names.

export interface Mentionable {
	id: number;
	name: string;
	email: string;
}

// Letters, combining marks (for names written in Devanagari, Thai …), digits and . _ -. The @ must
// not follow one of those or another @, so the @ inside "ana@example.org" is not a mention. A
// handle may carry its own domain ("@ana@example.org") to name one member exactly.
const MENTION = /(?<![\p{L}\p{M}\p{N}._@-])@([\p{L}\p{M}\p{N}._-]+(?:@[\p{L}\p{M}\p{N}-]+(?:\.[\p{L}\p{M}\p{N}-]+)+)?)/gu;
const TRAILING = /[._-]+$/u;

const fold = (text: string) => text.normalize('NFC').toLocaleLowerCase('und');
const localPart = (email: string) => email.slice(0, email.lastIndexOf('@'));
const squeeze = (name: string) => name.replace(/\s+/gu, '');
const firstName = (name: string) => name.trim().split(/\s+/u)[0] ?? '';

/** The handles written in a text, lower-cased, without sentence punctuation after them. */
export function findHandles(text: string): string[] {
	const handles = new Set<string>();
	for (const match of text.matchAll(MENTION)) {
		const handle = match[1].replace(TRAILING, '');
		if (handle) handles.add(fold(handle));
	}
	return [...handles];
}

/** The text cut into plain runs and @handles, for showing mentions highlighted. */
export function splitMentions(text: string): { text: string; mention: boolean }[] {
	const parts: { text: string; mention: boolean }[] = [];
	let at = 0;
	for (const match of text.matchAll(MENTION)) {
		const handle = match[1].replace(TRAILING, '');
		if (!handle) continue;
		if (match.index > at) parts.push({ text: text.slice(at, match.index), mention: false });
		parts.push({ text: `@${handle}`, mention: true });
		at = match.index + 1 + handle.length;
	}
	if (at < text.length) parts.push({ text: text.slice(at), mention: false });
	return parts;
}

/**
 * The members a text mentions, each once, in the order first named. A handle is a member's full
 * email, its local part, their name without spaces, or their first name when no other member
 * shares it. A handle that fits several members by email or full name names all of them: telling
 * one person too many is better than telling nobody.
 */
export function resolveMentions(text: string, members: readonly Mentionable[]): number[] {
	const handles = findHandles(text);
	if (handles.length === 0) return [];
	const index = handleIndex(members);
	const ids = new Set<number>();
	for (const handle of handles) for (const id of index.get(handle) ?? []) ids.add(id);
	return [...ids];
}

/** The handle to suggest for a member: the shortest one that names them alone. */
export function suggestedHandle(member: Mentionable, members: readonly Mentionable[]): string {
	const index = handleIndex(members);
	const names = (handle: string) => {
		const ids = index.get(fold(handle));
		return ids?.length === 1 && ids[0] === member.id;
	};
	const candidates = [firstName(member.name), localPart(member.email), squeeze(member.name)].filter((h) => h && isHandle(h));
	return candidates.find(names) ?? member.email;
}

function isHandle(text: string): boolean {
	return findHandles(`@${text}`)[0] === fold(text);
}

function handleIndex(members: readonly Mentionable[]): Map<string, number[]> {
	const index = new Map<string, number[]>();
	const add = (handle: string, id: number) => {
		if (!handle) return;
		const key = fold(handle);
		const ids = index.get(key) ?? [];
		if (!ids.includes(id)) ids.push(id);
		index.set(key, ids);
	};
	for (const m of members) {
		add(m.email, m.id);
		add(localPart(m.email), m.id);
		add(squeeze(m.name), m.id);
	}
	const firstNames = new Map<string, number[]>();
	for (const m of members) {
		const key = fold(firstName(m.name));
		if (key) firstNames.set(key, [...(firstNames.get(key) ?? []), m.id]);
	}
	for (const [key, ids] of firstNames) {
		// A first name is a handle only when it is unique and not already someone's exact handle.
		if (ids.length === 1 && !index.has(key)) index.set(key, ids);
	}
	return index;
}
