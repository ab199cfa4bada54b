import { describe, expect, it } from 'vitest';
import { chatMessages, glossaryInstructions, MAX_GLOSSARY_CHARS, MAX_PROMPT_TERMS, readChatAnswer } from './prompt';
import { toEngineSegment } from './tags';
import type { GlossaryEntry } from '../glossary/types';

const entry = (source: string, target: string, status: GlossaryEntry['status']): GlossaryEntry => ({ source, target, status, caseSensitive: false });
const glossary = [
	entry('千万工程', 'Ten Million Project', 'preferred'),
	entry('千万工程', 'Thousand Village Project', 'forbidden'),
	entry('新华社', '新华社', 'do_not_translate'),
	entry('浙江', 'Chekiang', 'deprecated'),
	entry('上海', 'Shanghai', 'preferred')
];

describe('chat prompt', () => {
	it('tells the model to keep the tags and follow the glossary for the terms in the segment only', () => {
		const source = '新华社报道：浙江的<b>千万工程</b>。';
		const segment = toEngineSegment(
			{
				type: 'paragraph',
				content: [
					{ type: 'text', text: '新华社报道：浙江的' },
					{ type: 'text', text: '千万工程', marks: [{ type: 'strong' }] }
				]
			},
			'placeholders'
		);
		const [system, user] = chatMessages({ sourceLang: 'zh-Hans', targetLang: 'en', segment, sourceText: source, glossary });
		expect(user).toEqual({ role: 'user', content: '新华社报道：浙江的<g1>千万工程</g1>' });
		expect(system.content).toContain('into English');
		expect(system.content).toContain('<g1>');
		expect(system.content).toContain(
			'- keep “新华社” as it is, untranslated\n- never translate “千万工程” as “Thousand Village Project”\n- translate “千万工程” as “Ten Million Project”\n- avoid “Chekiang” for “浙江”'
		);
		expect(system.content).not.toContain('Shanghai');
	});

	it('bounds the glossary it sends', () => {
		const many = Array.from({ length: 500 }, (_, i) => entry(`词${i}`, `word ${i} ${'x'.repeat(i % 50)}`, 'preferred'));
		const lines = glossaryInstructions(many.map((e) => e.source).join('，'), many);
		expect(lines.length).toBeLessThanOrEqual(MAX_PROMPT_TERMS);
		expect(lines.join('\n').length).toBeLessThanOrEqual(MAX_GLOSSARY_CHARS);
		expect(glossaryInstructions('没有术语', many)).toEqual([]);
	});

	it('reads a reply without the fences or quotes a model wrapped it in', () => {
		expect(readChatAnswer('```html\nThe <g1>answer</g1>\n```')).toBe('The <g1>answer</g1>');
		expect(readChatAnswer('“The answer.”')).toBe('The answer.');
		expect(readChatAnswer('He said "yes" and "no"')).toBe('He said "yes" and "no"');
	});
});
