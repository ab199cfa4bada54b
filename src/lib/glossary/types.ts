// A project's termbase entry. Statuses follow TBX's administrativeStatus (preferred, admitted,
// deprecated, superseded → deprecated) plus what a translator must not touch: do-not-translate.

export const TERM_STATUSES = ['preferred', 'admitted', 'deprecated', 'forbidden', 'do_not_translate'] as const;
export type TermStatus = (typeof TERM_STATUSES)[number];

export interface GlossaryEntry {
	id?: number;
	/** The term in the source language, e.g. 千万工程. */
	source: string;
	/** Its rendition in the target language; for do-not-translate, the source term itself. */
	target: string;
	status: TermStatus;
	/** Latin-script terms match case-insensitively unless this is set. */
	caseSensitive: boolean;
	partOfSpeech?: string | null;
	note?: string | null;
}
