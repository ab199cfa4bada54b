const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
	['year', 365 * 24 * 3600],
	['month', 30 * 24 * 3600],
	['week', 7 * 24 * 3600],
	['day', 24 * 3600],
	['hour', 3600],
	['minute', 60]
];

/** "3 hours ago", "yesterday", "just now": how long ago `then` was, seen from `now`. */
export function relativeTime(then: Date | string, now: Date = new Date(), locale = 'en'): string {
	const seconds = Math.round((new Date(then).getTime() - now.getTime()) / 1000);
	const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
	for (const [unit, size] of UNITS) {
		if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit);
	}
	return 'just now';
}

/** The exact time, for a title or a <time> element's text. */
export function exactTime(when: Date | string, locale = 'en'): string {
	return new Date(when).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
}
