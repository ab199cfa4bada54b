import { json, type RequestEvent } from '@sveltejs/kit';
import { idParam, readJsonObject } from './api';
import { apiCaller } from './access';
import * as segments from '../documents/segments';
import { conflictJson, savedJson } from './segment-json';
import { qaIssueJson } from './qa-json';
import { segmentQa } from '../qa/qa';
import type { Database } from '../db/db';

/** A save's or restore's answer: 200 with the segment as saved, or 409 with what is current now. */
export function saveResponse(outcome: segments.SaveOutcome): Response {
	return outcome.ok ? json(savedJson(outcome)) : json(conflictJson(outcome), { status: 409 });
}

/** A save's answer with the QA issues of the text as saved (`qa`), so a client need not ask again. */
export async function saveResponseWithQa(db: Database, outcome: segments.SaveOutcome): Promise<Response> {
	if (!outcome.ok) return saveResponse(outcome);
	const qa = await segmentQa(db, outcome.segment.id, outcome.segment);
	return json({ ...savedJson(outcome), qa: qa.map(qaIssueJson) });
}

/**
 * The body of a segment write. A non-member hears 404 about the segment before anything about
 * their body (its type, size or JSON), so that a segment's existence does not leak.
 */
export async function segmentBody(event: RequestEvent): Promise<Record<string, unknown>> {
	try {
		return await readJsonObject(event);
	} catch (e) {
		const { db, user } = apiCaller(event);
		await segments.requireSegmentMember(db, user, idParam(event.params.id));
		throw e;
	}
}
