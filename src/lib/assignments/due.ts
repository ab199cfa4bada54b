// Due dates are calendar days ("by the end of 12 December"), written YYYY-MM-DD as <input
// type="date"> and the API send them. The server does not know where its users are, so it
// reads days in UTC, with a day's grace where a deadline would otherwise bite too early.

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 24 * 3600 * 1000;

/** Whether the text is a YYYY-MM-DD day that exists (no 30 February). */
export function isCalendarDay(text: string): boolean {
	const m = ISO_DAY.exec(text);
	if (!m) return false;
	const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
	return date.getUTCFullYear() === Number(m[1]) && date.getUTCMonth() === Number(m[2]) - 1 && date.getUTCDate() === Number(m[3]);
}

/** The day `now` falls on, `offsetHours` from UTC. */
export function dayAt(now: Date, offsetHours = 0): string {
	return new Date(now.getTime() + offsetHours * 3600 * 1000).toISOString().slice(0, 10);
}

/**
 * The earliest due date an owner may set: the day it still is somewhere (UTC−12). An editor in
 * Los Angeles setting "today" at 8 pm is in UTC's tomorrow already, and must not be told that
 * today is in the past.
 */
export function earliestDueDate(now: Date): string {
	return dayAt(now, -12);
}

/** Five years ahead at most: a later date is a typo (20266 for 2026), not a plan. */
export function latestDueDate(now: Date): string {
	return dayAt(new Date(now.getTime() + 5 * 366 * DAY_MS));
}

/**
 * Overdue once the due day is over where the reader is: `today` is their day (the browser's),
 * or UTC's where the page was drawn without script. Finished work is never overdue.
 */
export function isOverdue(dueDate: string | null, finished: boolean, today: string): boolean {
	return dueDate !== null && !finished && dueDate < today;
}

/** The reader's own day, from the clock and time zone of the browser the page runs in. */
export function localDay(now = new Date()): string {
	return dayAt(now, -now.getTimezoneOffset() / 60);
}

/** "12 Dec 2026": the day as written, whatever the reader's time zone (it is a day, not an instant). */
export function formatDueDate(dueDate: string, locale = 'en'): string {
	return new Date(`${dueDate}T00:00:00Z`).toLocaleDateString(locale, { dateStyle: 'medium', timeZone: 'UTC' });
}

/** `days` after the day `now` falls on in UTC: the demo's and the tests' due dates. */
export function daysFrom(now: Date, days: number): string {
	return dayAt(new Date(now.getTime() + days * DAY_MS));
}
