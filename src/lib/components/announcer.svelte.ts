/**
 * What a page's live region reads out. Shared by the workspace and the review page, each of which
 * renders it with <LiveRegion>.
 */
export class Announcer {
	text = $state('');

	say(text: string): void {
		// The same message twice in a row must still be read out: a screen reader ignores an unchanged region.
		this.text = this.text === text ? `${text}\u00a0` : text;
	}
}
