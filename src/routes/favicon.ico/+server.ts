import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

// Browsers and feed readers ask for /favicon.ico whatever a page links; the icon is an SVG.
export const GET: RequestHandler = () => redirect(308, '/favicon.svg');
