import { DOCUMENT_STATE_LABELS, type DocumentState } from '../review/transitions';

// Where a document is in the workflow, as the document lists show it: the review state its
// segments give it (src/lib/review/transitions.ts), and "published" once that approved text is
// what the public page shows. A published document edited since goes back to "in translation"
// (its live version stays up): the work to do is what matters in a list of work.

export type WorkflowState = DocumentState | 'published';

export const WORKFLOW_LABELS: Record<WorkflowState, string> = { ...DOCUMENT_STATE_LABELS, published: 'Published' };

/** The order a list sorts by: the way work moves. */
export const WORKFLOW_ORDER: readonly WorkflowState[] = ['in_translation', 'in_review', 'approved', 'published'];

export function workflowState(state: DocumentState, published: boolean): WorkflowState {
	return state === 'approved' && published ? 'published' : state;
}

/** Nothing left to do on it: it cannot be overdue. */
export const isFinished = (state: WorkflowState): boolean => state === 'approved' || state === 'published';
