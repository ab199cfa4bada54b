import type { RequestHandler } from './$types';
import { publicPageResponse } from '$lib/server/publishing/public-page';

// The stable public URL of a document: always its current published version.
export const GET: RequestHandler = (event) => publicPageResponse(event, Number(event.params.id));
