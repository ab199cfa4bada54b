import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousViolations, logIn } from './helpers';

// Live QA and the glossary in the translator's workspace, on the demo article and its glossary.
// The demo document is shared with other specs: this one types but never saves, so it changes
// nothing another spec sees (unsaved edits stay in this browser context).

const TRANSLATOR = { email: 'translator@rendition.test', password: 'rendition-demo' };

function row(page: Page, n: number) {
	return page.getByRole('listitem', { name: `Segment ${n}`, exact: true });
}

function editor(page: Page, n: number) {
	return page.locator(`[contenteditable="true"][aria-label="Translation of segment ${n}"]`);
}

async function openDemoDocument(page: Page) {
	await logIn(page.request, TRANSLATOR);
	await page.goto('/');
	await page.getByRole('link', { name: 'Heilongjiang Daily (demo)' }).click();
	await page.getByRole('link', { name: /Provincial science bodies study/ }).click();
	await expect(row(page, 1)).toBeVisible();
}

async function openEditor(page: Page, n: number) {
	await row(page, n)
		.getByRole('textbox', { name: `Translation of segment ${n}`, exact: true })
		.click();
	await expect(editor(page, n)).toBeFocused();
}

/** The positions and translations of every row, as the page shows them. */
async function translations(page: Page): Promise<{ n: number; text: string }[]> {
	const count = await page.locator('.segment-list [role="listitem"]').count();
	const result = [];
	for (let n = 1; n <= count; n++) {
		result.push({
			n,
			text: (await row(page, n)
				.getByRole('textbox', { name: `Translation of segment ${n}`, exact: true })
				.textContent())!.trim()
		});
	}
	return result;
}

test('QA flags the demo article’s mistakes live, and fixing them clears the flags', async ({ page }, info) => {
	await openDemoDocument(page);
	const rows = await translations(page);

	// Every segment that calls 千万工程 “Ten Thousand Project(s)” carries a QA count, edited or not.
	const wrongTerm = rows.filter((r) => /Ten Thousand Projects?/i.test(r.text));
	expect(wrongTerm.length).toBeGreaterThanOrEqual(3);
	for (const { n } of wrongTerm) await expect(row(page, n).getByText(/^\d+ QA (warning|error|issue)s?/)).toHaveCount(1);
	await row(page, wrongTerm[1].n).screenshot({ path: info.outputPath('row-not-edited.png') });

	// The headline: the full-width 丨 is flagged in the editor as an error, with a fix.
	await openEditor(page, 1);
	const bar = editor(page, 1).locator('.qa-flag.qa-error', { hasText: '丨' });
	await expect(bar).toHaveCount(1);
	await expect(bar).toHaveAttribute('title', /./);
	const list = page.getByRole('region', { name: 'QA of segment 1' });
	await expect(list).toContainText('Error');
	await expect(list).toContainText('Ten Thousand');
	await row(page, 1).screenshot({ path: info.outputPath('headline-flags.png') });
	await expectNoSeriousViolations(page);

	await list.getByRole('button', { name: 'Replace with “|”' }).click();
	await expect(bar).toHaveCount(0);
	await expect(editor(page, 1)).toContainText('achievements|Provincial');
	await expect(editor(page, 1)).toBeFocused();
	// The glossary fix turns the forbidden rendition into the preferred one, keeping the plural.
	await list.getByRole('button', { name: 'Replace with “Ten Million Projects”' }).click();
	await expect(editor(page, 1)).toContainText('“Ten Million Projects”');
	await expect(editor(page, 1).locator('.qa-flag.qa-error, .qa-flag.qa-warning')).toHaveCount(0);
	await expect(list).not.toContainText('Ten Thousand');
	// What is left is the other term the headline misses (省科技厅; the demo project makes glossary
	// findings errors): the count follows.
	await expect(list).toContainText('省科技厅');
	await expect(row(page, 1).getByText('1 QA error', { exact: true })).toHaveCount(1);
	// One undo step per fix.
	await page.keyboard.press('ControlOrMeta+z');
	await expect(editor(page, 1)).toContainText('“Ten Thousand Projects”');
	await expect(editor(page, 1).locator('.qa-flag', { hasText: 'Ten Thousand Projects' })).toHaveCount(1);

	// “the "final" … one kilometer”: flagged for 最后一公里; typing the glossary’s “last mile” clears it.
	const final = rows.find((r) => /final/.test(r.text) && /kilometer/.test(r.text))!;
	await openEditor(page, final.n);
	const finalList = page.getByRole('region', { name: `QA of segment ${final.n}` });
	await expect(finalList).toContainText('last mile');
	await expect(row(page, final.n).getByText(/^\d+ QA (warning|error|issue)s?/)).toHaveCount(1);
	await page.keyboard.press('End');
	await page.keyboard.type(' (the last mile)');
	await expect(finalList).not.toContainText('should be translated as “last mile”');
	await row(page, final.n).screenshot({ path: info.outputPath('final-kilometer.png') });
	await page.setViewportSize({ width: 390, height: 844 });
	await row(page, 1).screenshot({ path: info.outputPath('headline-narrow.png') });
});

test('glossary terms are highlighted in the source; a click or Ctrl+Shift+n inserts the target term', async ({ page }, info) => {
	await openDemoDocument(page);
	const rows = await translations(page);
	const { n } = rows.find((r) => r.n > 1 && /Ten Thousand Project/.test(r.text))!;

	// The term in a row not being edited: clicking it opens the row's editor with the term inserted.
	const term = row(page, n).getByRole('button', { name: 'Insert “Ten Million Project” for 千万工程' });
	await expect(term).toHaveAttribute('title', /Ten Million Project” \(preferred\).*Ten Thousand Project” \(forbidden\)/);
	await term.click();
	await expect(editor(page, n)).toBeFocused();
	await expect(editor(page, n)).toContainText(/Ten Million Project$/);
	await row(page, n).screenshot({ path: info.outputPath('term-inserted.png') });

	// In the open editor: select everything, then the shortcut puts the first numbered term in its place.
	const numbers = await row(page, n).locator('.term-number').allInnerTexts();
	expect(numbers.length).toBeGreaterThan(0);
	const first = row(page, n)
		.locator('button.term', { has: page.locator('.term-number', { hasText: /^1$/ }) })
		.first();
	const firstTerm = /Insert “(.+)” for/.exec((await first.getAttribute('aria-label'))!)![1];
	await page.keyboard.press('ControlOrMeta+a');
	await page.keyboard.press('Control+Shift+1');
	await expect(editor(page, n)).toHaveText(firstTerm);
	await expectNoSeriousViolations(page);
});
