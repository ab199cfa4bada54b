import type { SubmitFunction } from '@sveltejs/kit';

/**
 * A form that creates something, enhanced so that its button can be disabled while the request
 * is on its way (`disabled={form.pending}`): a double click then sends it once. The server's
 * idempotency key covers the rest (no JavaScript, a resent page).
 */
export function submitOnce(options: { reset?: boolean; onDone?: () => void } = {}) {
	const state = $state({ pending: false });
	const enhance: SubmitFunction = () => {
		state.pending = true;
		return async ({ update }) => {
			try {
				// `reset` applies to a successful result only, as in SvelteKit's own default.
				await update({ reset: options.reset ?? true });
				options.onDone?.();
			} finally {
				state.pending = false;
			}
		};
	};
	return {
		get pending() {
			return state.pending;
		},
		enhance
	};
}
