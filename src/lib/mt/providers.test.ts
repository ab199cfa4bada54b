import { describe, expect, it } from 'vitest';
import { deeplBaseUrl, deeplLanguage, deeplRequest, endpointUrl, errorReason, libreLanguage, libreRequest, readTranslations } from './providers';

describe('provider protocols', () => {
	it('maps language tags to each provider’s codes', () => {
		expect([deeplLanguage('zh-Hans', 'source'), deeplLanguage('en', 'target'), deeplLanguage('en-GB', 'target'), deeplLanguage('zh-Hant', 'target')]).toEqual([
			'ZH',
			'EN-US',
			'EN-GB',
			'ZH-HANT'
		]);
		expect([libreLanguage('zh-Hans'), libreLanguage('zh-TW'), libreLanguage('en')]).toEqual(['zh', 'zt', 'en']);
	});

	it('finds the endpoint under a base URL, and DeepL’s host from the key', () => {
		expect(endpointUrl('openai', 'http://localhost:11434/v1').href).toBe('http://localhost:11434/v1/chat/completions');
		expect(endpointUrl('libretranslate', 'http://lt.example/translate').href).toBe('http://lt.example/translate');
		expect(endpointUrl('deepl', deeplBaseUrl('abc:fx')).href).toBe('https://api-free.deepl.com/v2/translate');
		expect(deeplBaseUrl('abc')).toBe('https://api.deepl.com');
	});

	it('builds requests as documented', () => {
		const langs = { sourceLang: 'zh-Hans', targetLang: 'en' };
		expect(deeplRequest(['一'], langs, 'k')).toMatchObject({
			headers: { authorization: 'DeepL-Auth-Key k' },
			body: { text: ['一'], source_lang: 'ZH', target_lang: 'EN-US', tag_handling: 'html' }
		});
		expect(libreRequest(['一'], langs, null)).toEqual({ headers: {}, body: { q: ['一'], source: 'zh', target: 'en', format: 'html' } });
	});

	it('reads answers, and refuses ones not shaped as documented', () => {
		expect(readTranslations('deepl', { translations: [{ text: 'One' }, { text: 'Two' }] }, 2)).toEqual(['One', 'Two']);
		expect(readTranslations('deepl', { translations: [{ text: 'One' }] }, 2)).toBeNull();
		expect(readTranslations('libretranslate', { translatedText: 'One' }, 1)).toEqual(['One']);
		expect(readTranslations('libretranslate', { translatedText: [1] }, 1)).toBeNull();
		expect(readTranslations('openai', { choices: [{ message: { content: 'One' } }] }, 1)).toEqual(['One']);
		expect(readTranslations('openai', 'One', 1)).toBeNull();
		expect([
			errorReason({ message: 'Wrong key' }),
			errorReason({ error: 'Slow down' }),
			errorReason({ error: { message: 'No model' } }),
			errorReason(null)
		]).toEqual(['Wrong key', 'Slow down', 'No model', null]);
	});
});
