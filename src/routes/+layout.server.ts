import type { LayoutServerLoad } from './$types';

// Only what the shell needs; every page checks its own permissions.
export const load: LayoutServerLoad = ({ locals }) => ({
	user: locals.user ? { name: locals.user.name, email: locals.user.email, isAdmin: locals.user.role === 'admin' } : null
});
