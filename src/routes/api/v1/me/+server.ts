import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed, requireApiUser } from '$lib/server/http/api';
import { userJson } from '$lib/server/http/json';

export const GET = apiHandler(async (event) => json(userJson(requireApiUser(event))));

export const fallback = methodNotAllowed(['GET']);
