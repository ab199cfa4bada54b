import { onMount } from 'svelte';
import { localDay } from '../assignments/due';

/**
 * Today as the reader counts it, for "overdue": the server's (UTC) day as the page is drawn,
 * then the browser's own once it runs, so that a deadline is not flagged while it is still the
 * due day where they are. Call it while a component initialises.
 */
export function readerDay(serverDay: () => string): { readonly current: string } {
	let local = $state<string | null>(null);
	onMount(() => {
		local = localDay();
	});
	return {
		get current() {
			return local ?? serverDay();
		}
	};
}
