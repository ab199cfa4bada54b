/** A tag's primary language subtag in lower case: zh for zh-Hans, ZH-CN or zh_TW. */
export function primaryLanguage(tag: string): string {
	return tag.trim().toLowerCase().split(/[-_]/)[0];
}

const names = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });

/** "Simplified Chinese (zh-Hans)" for a BCP 47 tag; the tag itself when it has no name. */
export function languageLabel(tag: string): string {
	let name: string | undefined;
	try {
		name = names.of(tag);
	} catch {
		name = undefined;
	}
	return name && name !== tag ? `${name} (${tag})` : tag;
}

/** Suggestions for the language fields; any valid BCP 47 tag is accepted. */
// prettier-ignore
export const COMMON_LANGUAGES = [
	'zh-Hans', 'zh-Hant', 'en', 'en-GB', 'en-US', 'ja', 'ko', 'fr', 'de', 'es', 'pt-BR', 'pt-PT', 'it', 'ru', 'uk',
	'ar', 'fa', 'hi', 'bn', 'id', 'vi', 'th', 'tr', 'pl', 'nl', 'sv'
];
