import type { Actions, PageServerLoad } from './$types';
import { documentForPage } from '$lib/server/http/access';
import * as documents from '$lib/server/documents/documents';
import * as publications from '$lib/server/publishing/publications';
import { documentHeader } from '$lib/server/review/header';
import { failFrom, formValues } from '$lib/server/http/actions';
import { MAX_ID } from '$lib/validation';
import { compareVersions } from '$lib/publish/compare';
import { checkLabel } from '$lib/qa/labels';

// A reason may name every segment of a long document; the page links the first ones.
const LINKED_SEGMENTS = 100;

/** A version named in the address (?from=, ?to=): a strict positive integer, else none. */
function versionParam(value: string | null): number | null {
	const n = /^[1-9][0-9]{0,9}$/.test(value ?? '') ? Number(value) : NaN;
	return n <= MAX_ID ? n : null;
}

export const load: PageServerLoad = async (event) => {
	const { db, doc } = await documentForPage(event);
	const [reasons, versions, limit, header, segments] = await Promise.all([
		publications.publishGate(db, doc),
		publications.listVersions(db, doc.id),
		publications.maxUnmodifiedMtOf(db, doc.project.id),
		documentHeader(db, doc),
		documents.listSegments(db, doc.id)
	]);
	const idAt = new Map(segments.map((s) => [s.position, s.id]));
	// Only the versions this page shows in full are read with their segments.
	const versionAt = (n: number | null) => (n !== null && versions.some((v) => v.version === n) ? publications.getPublication(db, doc.id, n) : null);
	const [latest, from, to] = await Promise.all([
		versionAt(versions[0]?.version ?? null),
		versionAt(versionParam(event.url.searchParams.get('from'))),
		versionAt(versionParam(event.url.searchParams.get('to')))
	]);
	// Past the gate every segment's current text is its approved one: the same revisions as the
	// latest version means there is nothing new to publish.
	const unchanged =
		reasons.length === 0 && latest !== null && latest.segments.map((s) => s.revisionId).join(',') === segments.map((s) => s.revisionId).join(',');

	const comparison =
		from && to
			? {
					from: from.version,
					to: to.version,
					changes: compareVersions(from.segments, to.segments, { locale: doc.project.targetLang })
				}
			: null;

	return {
		...header,
		canPublish: doc.may.publish,
		limit,
		segmentCount: segments.length,
		reasons: reasons.map((r) => {
			const listed = r.kind === 'qa_errors' ? r.issues : r.segments;
			return {
				kind: r.kind,
				message: r.message,
				more: Math.max(0, listed.length - LINKED_SEGMENTS),
				segments:
					r.kind === 'qa_errors'
						? []
						: r.segments.slice(0, LINKED_SEGMENTS).map((s) => ({
								position: s.position,
								id: idAt.get(s.position) ?? null,
								state: 'state' in s ? s.state : null,
								share: 'share' in s ? s.share : null
							})),
				// The QA errors, each with where to fix it.
				issues: r.kind === 'qa_errors' ? r.issues.slice(0, LINKED_SEGMENTS).map((i) => ({ ...i, label: checkLabel(i.check) })) : []
			};
		}),
		unchanged,
		nextVersion: (latest?.version ?? 0) + 1,
		currentVersion: versions.find((v) => v.current)?.version ?? null,
		versions: versions.map((v) => ({
			version: v.version,
			publishedBy: v.publishedBy,
			createdAt: v.createdAt.toISOString(),
			current: v.current,
			title: v.title
		})),
		comparison
	};
};

export const actions: Actions = {
	publish: async (event) => {
		const { db, doc } = await documentForPage(event);
		try {
			const { version } = await publications.publishDocument(db, doc);
			return { done: `Published version ${version}. It is now the public page.` };
		} catch (e) {
			return failFrom(e, {});
		}
	},
	rollback: async (event) => {
		const { db, doc } = await documentForPage(event);
		const values = await formValues(event);
		try {
			const { version } = await publications.rollbackTo(db, doc, values);
			return { done: `Version ${version} is the public page again.` };
		} catch (e) {
			return failFrom(e, {}, values);
		}
	},
	unpublish: async (event) => {
		const { db, doc } = await documentForPage(event);
		try {
			await publications.unpublish(db, doc);
			return { done: 'Unpublished: the public page is gone. The versions are kept and any of them can be made current again.' };
		} catch (e) {
			return failFrom(e, {});
		}
	}
};
