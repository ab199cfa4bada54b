import type { Assignment, Person } from './assignments';
import type { DocumentRow, WorkItem } from './worklists';

// What the API sends of an assignment (docs/api.md, `GET|PUT /api/v1/documents/{id}/assignment`),
// and what the document lists' pages receive.

export interface AssignmentJson {
	documentId: number;
	translator: Person | null;
	reviewer: Person | null;
	dueDate: string | null;
	assignedBy: string | null;
	updatedAt: string | null;
}

export function assignmentJson(a: Assignment): AssignmentJson {
	return {
		documentId: a.documentId,
		translator: a.translator,
		reviewer: a.reviewer,
		dueDate: a.dueDate,
		assignedBy: a.assignedBy,
		updatedAt: a.updatedAt ? new Date(a.updatedAt).toISOString() : null
	};
}

/** A row of the project's document list, as the page draws and sorts it (src/lib/assignments/sort.ts). */
export function documentRowJson(d: DocumentRow) {
	return {
		id: d.id,
		title: d.title,
		segments: d.segments,
		done: d.done,
		status: d.status,
		publishedVersion: d.publishedVersion,
		translatorId: d.translator?.id ?? null,
		translator: d.translator?.name ?? null,
		reviewerId: d.reviewer?.id ?? null,
		reviewer: d.reviewer?.name ?? null,
		dueDate: d.dueDate,
		createdAt: d.createdAt.toISOString(),
		createdBy: d.createdBy
	};
}

/** A row of "My work": the document, its project, and what the reader is to do on it. */
export function workItemJson(w: WorkItem) {
	return { ...documentRowJson(w), project: w.project, roles: w.roles };
}

export type DocumentRowJson = ReturnType<typeof documentRowJson>;
export type WorkItemJson = ReturnType<typeof workItemJson>;
