// Language tags as TMX files spell them: zh-CN, ZH-HANS, zh_cn, EN-US, "*all*" in a header. A
// translation memory is shared by the variants of a language (a zh-TW unit is still a Chinese
// unit for a zh-Hans project), so two tags match by their primary subtag, whatever the case.

/** The primary language subtag in lower case (`zh` for `ZH_hans-CN`), or null for `*all*` and blanks. */
export function primaryLanguage(tag: string): string | null {
	const primary = tag.trim().split(/[-_]/)[0].toLowerCase();
	return /^[a-z]{2,8}$/.test(primary) ? primary : null;
}

/** Whether two tags name the same language: `zh-CN` and `ZH-HANS`, `en_us` and `en`. */
export function sameLanguage(a: string, b: string): boolean {
	const left = primaryLanguage(a);
	return left !== null && left === primaryLanguage(b);
}
