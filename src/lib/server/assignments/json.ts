import type { Assignment, Person } from './assignments';

// What the API sends of an assignment: docs/api.md, `GET|PUT /api/v1/documents/{id}/assignment`.

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
