import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth';
import { requireDocumentMember } from '$lib/server/document-access';
import * as comments from '$lib/server/comments';
import * as documents from '$lib/server/documents';
import { canEdit } from '$lib/server/revisions';
import type { WorkspaceRowData } from '$lib/editor/segment-row.svelte';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const doc = await requireDocumentMember(user, event.params.slug, Number(event.params.id));
	const segments = await documents.listSegments(doc.id);
	const [commentCounts, mentionHints] = await Promise.all([comments.commentSummary(doc.id), comments.mentionHints(doc.project.id)]);
	return {
		document: { id: doc.id, title: doc.title },
		project: { slug: doc.project.slug, name: doc.project.name, sourceLang: doc.project.sourceLang, targetLang: doc.project.targetLang },
		role: doc.role,
		canEdit: canEdit(doc.role),
		me: { name: user.name },
		comments: Object.fromEntries(commentCounts),
		mentionHints,
		segments: segments.map(
			(s): WorkspaceRowData => ({
				id: s.id,
				position: s.position,
				source: s.source,
				target: s.content,
				state: s.state,
				revisionId: s.revisionId,
				lastEditor: s.lastEditor,
				differsFromMt: s.mtText === null ? s.text !== '' : s.text !== s.mtText
			})
		)
	};
};
