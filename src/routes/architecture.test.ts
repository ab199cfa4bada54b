import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The shape docs/architecture.md describes, checked on the files themselves (no database):
// routes hold no permission or role check and no SQL, src/lib/server keeps a handful of files
// at its top level, and no source file outside tests and generated code grows past 400 lines.

const ROOT = path.resolve('src');

function walk(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const full = path.join(dir, name);
		return statSync(full).isDirectory() ? walk(full) : [full];
	});
}

const rel = (file: string) => path.relative(process.cwd(), file);

/** Each check names what it forbids; a line is an offender when one matches outside a comment. */
const ROUTE_CHECKS: { what: string; pattern: RegExp }[] = [
	{ what: 'can(', pattern: /(?<![\w.$])can\(/ },
	{ what: 'requireCan', pattern: /\brequireCan\b/ },
	{ what: 'requireAdmin', pattern: /\brequireAdmin\w*/ },
	{ what: 'requireAllowed', pattern: /\brequireAllowed\b/ },
	{ what: 'projectOwnerForPage', pattern: /\bprojectOwnerForPage\b/ },
	{ what: 'requireProjectOwner', pattern: /\brequireProjectOwner\b/ },
	{ what: 'a comparison with a role', pattern: /\brole\s*[!=]==?|[!=]==?\s*[\w.?]*\brole\b/ },
	{
		what: 'a role name in a comparison',
		pattern:
			/[!=]==?\s*['"`](owner|translator|reviewer|admin)['"`]|['"`](owner|translator|reviewer|admin)['"`]\s*[!=]==?|\bcase\s+['"`](owner|translator|reviewer|admin)['"`]/
	},
	{ what: 'a role list', pattern: /\[\s*['"`](owner|translator|reviewer|admin)['"`]\s*,/ },
	{ what: 'a kysely import', pattern: /\bfrom\s+['"]kysely['"]|\bimport\(\s*['"]kysely['"]\s*\)/ },
	{ what: 'getDb', pattern: /\bgetDb\b/ }
];

/** The line without its `//` comment (outside strings, roughly) and without block-comment lines. */
function code(line: string): string {
	if (/^\s*(\*|\/\*)/.test(line)) return '';
	return line.replace(/(^|[^:'"`])\/\/.*$/, '$1');
}

describe('the architecture', () => {
	it('has no permission or role check, and no SQL, in a route file', () => {
		const routeFiles = walk(path.join(ROOT, 'routes')).filter((f) => /[\\/]\+(page\.server|layout\.server|server)\.ts$/.test(f));
		expect(routeFiles.length).toBeGreaterThan(10);
		const offenders: string[] = [];
		for (const file of routeFiles) {
			readFileSync(file, 'utf8')
				.split('\n')
				.forEach((line, i) => {
					const text = code(line);
					const found = ROUTE_CHECKS.filter((check) => check.pattern.test(text)).map((check) => check.what);
					if (found.length) offenders.push(`${rel(file)}:${i + 1}: ${found.join(', ')}: ${line.trim()}`);
				});
		}
		expect(offenders, `\n${offenders.join('\n')}\n`).toEqual([]);
	});

	it('keeps a handful of files at the top level of src/lib/server', () => {
		const dir = path.join(ROOT, 'lib', 'server');
		const files = readdirSync(dir).filter((name) => statSync(path.join(dir, name)).isFile());
		expect(files.length, `src/lib/server has ${files.length} files at its top level (at most 5): ${files.join(', ')}`).toBeLessThanOrEqual(5);
	});

	it('has no source file over 400 lines outside tests and generated code', () => {
		const sources = walk(ROOT).filter(
			(f) =>
				/\.(ts|svelte|css)$/.test(f) &&
				!/\.test\.ts$/.test(f) &&
				!/[\\/]testing[\\/]/.test(f) &&
				!/[\\/]schema\.generated\.ts$/.test(f) &&
				// SvelteKit's own output, should it ever sit under src.
				!/[\\/]\.svelte-kit[\\/]/.test(f)
		);
		const long = sources
			.map((f) => ({ file: rel(f), lines: lineCount(readFileSync(f, 'utf8')) }))
			.filter((f) => f.lines > 400)
			.sort((a, b) => b.lines - a.lines)
			.map((f) => `${f.file}: ${f.lines} lines`);
		expect(long, `\n${long.join('\n')}\n`).toEqual([]);
	});
});

/** As `wc -l` counts them, plus a last line without its newline. */
function lineCount(text: string): number {
	const breaks = text.split('\n').length - 1;
	return text.endsWith('\n') || text === '' ? breaks : breaks + 1;
}
