const MAX_SLUG_LENGTH = 60;

/**
 * A URL-safe slug from a project name; names without Latin letters fall back to `project`. A long
 * name is cut after its last whole word that fits, and mid-word only when its first word is longer
 * than the limit.
 */
export function slugify(name: string): string {
	const slug = name
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '');
	if (slug.length <= MAX_SLUG_LENGTH) return slug || 'project';
	const wordEnd = slug.lastIndexOf('-', MAX_SLUG_LENGTH);
	return wordEnd > 0 ? slug.slice(0, wordEnd) : slug.slice(0, MAX_SLUG_LENGTH);
}
