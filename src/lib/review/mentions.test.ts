import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findHandles, resolveMentions, splitMentions, suggestedHandle, type Mentionable } from './mentions';

const ana = { id: 1, name: 'Ana Lima', email: 'ana.lima@news.test' };
const tomas = { id: 2, name: 'Tomás Translator', email: 'tt@news.test' };
const rita = { id: 3, name: 'Rita Reviewer', email: 'rreviewer@news.test' };
const ritaB = { id: 4, name: 'Rita Bauer', email: 'rbauer@other.test' };
const li = { id: 5, name: '李 明', email: 'liming@news.test' };
const members: Mentionable[] = [ana, tomas, rita, ritaB, li];

describe('findHandles', () => {
	it.each([
		['@ana please check', ['ana']],
		['Thanks, @Ana.', ['ana']],
		['(@ana), @tt! @rita? @li-ming: done', ['ana', 'tt', 'rita', 'li-ming']],
		['@ana.lima…', ['ana.lima']],
		['@ana and @ANA again', ['ana']],
		['mail ana@news.test or a@b.c', []],
		['@ana@news.test, please', ['ana@news.test']],
		['@@ana', []],
		['an @ alone, and @. or @-', []],
		['@李明 看一下', ['李明']],
		['first line\n@rita second', ['rita']]
	])('%j → %j', (text, handles) => {
		expect(findHandles(text)).toEqual(handles);
	});
});

describe('resolveMentions', () => {
	it.each([
		['email local part', '@ana.lima look', [1]],
		['name without spaces', '@AnaLima look', [1]],
		['unique first name', '@ana look', [1]],
		['first name with an accent, any case', '@TOMÁS look', [2]],
		['local part that is not a name', '@tt look', [2]],
		['full email', 'cc @rbauer@other.test', [4]],
		['a first name two members share names neither', '@rita look', []],
		['their full names still do', '@RitaReviewer @ritabauer', [3, 4]],
		['Chinese name without the space', '@李明 看一下', [5]],
		['an email address in the text', 'write to rreviewer@news.test', []],
		['unknown handles', '@nobody @ana', [1]],
		['the same member twice', '@ana @ana.lima @AnaLima', [1]],
		['trailing punctuation', 'Agreed, @tt.', [2]],
		['no @ at all', 'plain text', []]
	])('%s', (_, text, ids) => {
		expect(resolveMentions(text, members)).toEqual(ids);
	});

	it('does not treat a first name as a handle when it is another member’s email local part', () => {
		const team = [
			{ id: 1, name: 'Rita Reviewer', email: 'reviewer@x.test' },
			{ id: 2, name: 'Max Rita', email: 'rita@x.test' }
		];
		expect(resolveMentions('@rita', team)).toEqual([2]);
	});

	const handleText = fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/);
	const team = fc.uniqueArray(fc.record({ first: handleText, last: handleText, local: handleText }), {
		minLength: 1,
		maxLength: 6,
		selector: (m) => m.local
	});
	const asMembers = (rows: { first: string; last: string; local: string }[]): Mentionable[] =>
		rows.map((r, i) => ({ id: i + 1, name: `${r.first} ${r.last}`, email: `${r.local}@team.test` }));

	it('returns each member at most once, and only members (fast-check)', () => {
		fc.assert(
			fc.property(team, fc.array(fc.oneof(handleText, fc.constantFrom('@', ' ', '.', ',', '\n')), { maxLength: 30 }), (rows, parts) => {
				const list = asMembers(rows);
				const ids = resolveMentions(parts.join(''), list);
				expect(new Set(ids).size).toBe(ids.length);
				for (const id of ids) expect(list.some((m) => m.id === id)).toBe(true);
			})
		);
	});

	it('mentions exactly the member whose suggested handle is written (fast-check)', () => {
		fc.assert(
			fc.property(team, fc.nat(), fc.constantFrom('', '.', ',', '!', ':'), (rows, pick, punctuation) => {
				const list = asMembers(rows);
				const member = list[pick % list.length];
				const handle = suggestedHandle(member, list);
				expect(resolveMentions(`Hi @${handle}${punctuation} see above`, list)).toEqual([member.id]);
				expect(resolveMentions(`Hi @${handle.toUpperCase()}${punctuation}`, list)).toEqual([member.id]);
			})
		);
	});

	it('never mentions anyone through an email address written in the text (fast-check)', () => {
		fc.assert(
			fc.property(team, (rows) => {
				const list = asMembers(rows);
				const text = list.map((m) => `write to ${m.email}, or x${m.email}`).join(' ');
				expect(resolveMentions(text, list)).toEqual([]);
			})
		);
	});
});

describe('suggestedHandle', () => {
	it('prefers a unique first name, then the email local part, then the squeezed name', () => {
		expect(suggestedHandle(ana, members)).toBe('Ana');
		expect(suggestedHandle(rita, members)).toBe('rreviewer');
		expect(suggestedHandle(ritaB, members)).toBe('rbauer');
		expect(suggestedHandle(li, members)).toBe('李');
	});

	it('falls back to the full email when nothing shorter names the member alone', () => {
		const twins = [
			{ id: 1, name: 'Sam', email: 'sam@a.test' },
			{ id: 2, name: 'Sam', email: 'sam@b.test' }
		];
		expect(suggestedHandle(twins[0], twins)).toBe('sam@a.test');
		expect(resolveMentions('@sam@a.test', twins)).toEqual([1]);
		expect(resolveMentions('@sam', twins)).toEqual([1, 2]);
	});
});

describe('splitMentions', () => {
	it('cuts a text into plain runs and handles, leaving punctuation and email addresses plain', () => {
		expect(splitMentions('Thanks @Ana. Mail ana@x.test, @tt!')).toEqual([
			{ text: 'Thanks ', mention: false },
			{ text: '@Ana', mention: true },
			{ text: '. Mail ana@x.test, ', mention: false },
			{ text: '@tt', mention: true },
			{ text: '!', mention: false }
		]);
		expect(splitMentions('')).toEqual([]);
	});

	it('gives back the text it was given (fast-check)', () => {
		fc.assert(
			fc.property(fc.array(fc.oneof(fc.string(), fc.constantFrom('@', '@ana', '.', 'a@b.c', '@李明-')), { maxLength: 20 }), (parts) => {
				const text = parts.join('');
				expect(
					splitMentions(text)
						.map((p) => p.text)
						.join('')
				).toBe(text);
			})
		);
	});
});
