import type { Actions, PageServerLoad } from './$types';
import { documentForPage } from '$lib/server/http/access';
import { documentHeader } from '$lib/server/review/header';
import { failFrom, formValues } from '$lib/server/http/actions';
import * as report from '$lib/server/qa/report';
import * as ignores from '$lib/server/qa/ignores';

export const load: PageServerLoad = async (event) => {
	const { db, doc } = await documentForPage(event);
	const filter = report.parseFilter(event.url.searchParams);
	const [qa, header] = await Promise.all([report.qaReport(db, doc, filter), documentHeader(db, doc)]);
	return { ...header, ...qa, filter, canIgnore: doc.may.ignore_qa };
};

// The forms post segmentId with check, message and reason (ignore) or ignoreId (restore); the
// verbs validate them, as they do for the API.
export const actions: Actions = {
	ignore: async (event) => {
		const { db, doc } = await documentForPage(event);
		const values = await formValues(event);
		try {
			const segment = await ignores.segmentOfDocument(db, doc, values);
			await ignores.ignoreIssue(db, segment, values);
			return { done: 'Ignored: the reason shows to everyone on this report and on the review page.' };
		} catch (e) {
			return failFrom(e, {}, values);
		}
	},
	unignore: async (event) => {
		const { db, doc } = await documentForPage(event);
		const values = await formValues(event);
		try {
			const segment = await ignores.segmentOfDocument(db, doc, values);
			await ignores.unignoreIssue(db, segment, values);
			return { done: 'The warning counts as open again.' };
		} catch (e) {
			return failFrom(e, {}, values);
		}
	}
};
