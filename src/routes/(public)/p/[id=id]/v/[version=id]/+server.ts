import type { RequestHandler } from './$types';
import { publicPageResponse } from '$lib/server/publishing/public-page';

// One version of a published document, for as long as the document is published.
export const GET: RequestHandler = (event) => publicPageResponse(event, Number(event.params.id), Number(event.params.version));
