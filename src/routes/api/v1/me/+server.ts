import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed, requireApiUser } from '$lib/server/api';
import { userJson } from '$lib/server/api-shapes';

export const GET = apiHandler(async (event) => json(userJson(requireApiUser(event))));

export const fallback = methodNotAllowed(['GET']);
