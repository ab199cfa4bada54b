import { errorResponse } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

// Unknown API paths answer in the API's own JSON error shape, not the HTML error page.
export const fallback: RequestHandler = ({ url }) => errorResponse(404, 'not_found', `No API route matches ${url.pathname}. See docs/api.md.`);
