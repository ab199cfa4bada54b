import type { ParamMatcher } from '@sveltejs/kit';

// Positive int4 ids only: anything else is a 404 before it reaches the database.
export const match: ParamMatcher = (param) => /^[1-9][0-9]{0,9}$/.test(param) && Number(param) <= 2_147_483_647;
