import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default defineConfig(
	{
		// The same as .prettierignore: generated, vendored, fixture and build output.
		ignores: [
			'build/',
			'build-*/',
			'.svelte-kit/',
			'.svelte-kit-*/',
			'test-results/',
			'test-results-*/',
			'playwright-report/',
			'data/',
			'bench/results/',
			'tests/fixtures/',
			'src/lib/import/fixtures/',
			'src/lib/server/db/schema.generated.ts'
		]
	},
	js.configs.recommended,
	ts.configs.recommended,
	svelte.configs.recommended,
	prettier,
	svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			// `_` names what is destructured or iterated only to be skipped.
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }
			],
			// The app is served at / (no kit.paths.base): internal links and goto() take plain paths.
			'svelte/no-navigation-without-resolve': 'off',
			// A string mustache keeps a space at its edge ({' '}, {'[added: '}) that markup could lose;
			// the rule cannot tell those from useless ones.
			'svelte/no-useless-mustaches': 'off'
		}
	},
	{
		// Migrations are frozen against no schema type (Kysely<any>), and so is what runs them.
		files: ['migrations/**', 'src/lib/server/db/migrate.ts', 'scripts/schema-types.ts'],
		rules: { '@typescript-eslint/no-explicit-any': 'off' }
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'], svelteConfig } }
	}
);
