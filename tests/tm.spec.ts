import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { apiClient, expectNoSeriousViolations, logIn, signUp } from './helpers';

// The translation memory in the workspace: an approved article's segments come back as exact and
// fuzzy matches for the next article that repeats them, Ctrl+1 uses one, and the concordance
// finds a phrase. Each test makes its own project, so the shared demo document stays as it is.

const fixture = (lang: string) => readFileSync(new URL(`../src/lib/import/fixtures/heilongjiang-daily-2023-07-02.${lang}.txt`, import.meta.url), 'utf8');
const paragraphs = (text: string) =>
	text
		.split(/\n\s*\n/)
		.map((p) => p.trim())
		.filter(Boolean);

function row(page: Page, n: number) {
	return page.getByRole('listitem', { name: `Segment ${n}`, exact: true });
}

function editor(page: Page, n: number) {
	return page.locator(`[contenteditable="true"][aria-label="Translation of segment ${n}"]`);
}

async function openEditor(page: Page, n: number) {
	await row(page, n)
		.getByRole('textbox', { name: `Translation of segment ${n}`, exact: true })
		.click();
	await expect(editor(page, n)).toBeFocused();
}

test('an approved article’s segments are offered as matches in the next one', async ({ page, browser }, info) => {
	await signUp(page.request, 'Owner');
	const reviewerContext = await browser.newContext();
	const reviewer = await signUp(reviewerContext.request, 'Reviewer');
	const api = apiClient(page.request);
	const { id: projectId, slug } = await api.projects.create({ name: `Memory ${Date.now()}`, sourceLang: 'zh-Hans', targetLang: 'en' });
	await api.projects.addMember(projectId, { email: reviewer.email, role: 'reviewer' });

	// The first article, post-edited where it matters, submitted and approved by the reviewer.
	const zh = paragraphs(fixture('zh'));
	const en = paragraphs(fixture('en-mt'));
	const first = await api.projects.importDocument(projectId, {
		title: 'Science bodies study two cases',
		source: zh.join('\n\n'),
		translation: en.join('\n\n'),
		format: 'text'
	});
	const doc = await api.documents.get(first.id);
	const fifth = doc.segments[4];
	await api.segments.save(fifth.id, {
		baseRevisionId: fifth.revisionId,
		text: en[4].replace('“Ten Million Project” experience cases', 'experience with the “Ten Million Project”')
	});
	await api.documents.submit(first.id, { includeUnconfirmed: true });
	const asReviewer = apiClient(reviewerContext.request);
	for (const segment of (await asReviewer.documents.get(first.id)).segments) await asReviewer.segments.approve(segment.id, { revisionId: segment.revisionId! });
	await reviewerContext.close();

	// The second article repeats the fifth paragraph as it was and the eighth with 省科协 → 省社科联.
	const changed = zh[7].replace('省科协', '省社科联');
	expect(changed).not.toBe(zh[7]);
	const second = await api.projects.importDocument(projectId, {
		title: 'Social sciences federation studies the same cases',
		source: ['日期 2023-07-05 省社科联学习研讨“千万工程”案例', zh[4], changed].join('\n\n'),
		translation: ['MT headline', 'MT of the repeated paragraph', 'MT of the changed paragraph'].join('\n\n'),
		format: 'text'
	});

	await page.goto(`/projects/${slug}/documents/${second.id}`);
	await openEditor(page, 2);
	const panel = row(page, 2).getByRole('region', { name: /Translation memory/ });
	const matches = panel.getByRole('list', { name: 'Matches for segment 2, best first' });
	await expect(matches.getByRole('listitem').first()).toContainText('100 %');
	await expect(matches.getByRole('listitem').first()).toContainText('experience with the “Ten Million Project”');
	await expect(matches.getByRole('listitem').first()).toContainText('Science bodies study two cases');

	// Ctrl+1 puts the match in place of the MT, as one step Ctrl+Z takes back.
	await page.keyboard.press('Control+1');
	await expect(editor(page, 2)).toContainText('experience with the “Ten Million Project”');
	await page.keyboard.press('Control+z');
	await expect(editor(page, 2)).toHaveText('MT of the repeated paragraph');

	// The changed paragraph: a fuzzy match, its source shown against this one's.
	await openEditor(page, 3);
	const fuzzy = row(page, 3).getByRole('list', { name: 'Matches for segment 3, best first' }).getByRole('listitem').first();
	const score = Number((await fuzzy.locator('.score').textContent())!.replace(/\D+/g, ''));
	expect(score).toBeGreaterThanOrEqual(85);
	expect(score).toBeLessThan(99);
	await expect(fuzzy.locator('del')).toContainText('协');
	await expect(fuzzy.locator('ins').first()).toContainText('社');
	await row(page, 3).screenshot({ path: info.outputPath('fuzzy-match.png') });
	await fuzzy.getByRole('button', { name: /Use match 1/ }).click();
	await expect(editor(page, 3)).toContainText('Provincial Association for Science and Technology');

	// Concordance from the search box, then Alt+K on a phrase selected in the source.
	const box = row(page, 3).getByRole('searchbox', { name: /Search the translation memory/ });
	await box.fill('Ten Million');
	await box.press('Enter');
	const hits = row(page, 3).locator('.concordance');
	await expect(hits.getByRole('heading')).toContainText('“Ten Million”');
	await expect(hits.locator('mark').first()).toHaveText('Ten Million');
	await row(page, 3)
		.locator('.source')
		.evaluate((el) => {
			const text = el.textContent ?? '';
			const at = text.indexOf('学习会');
			const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
			let offset = 0;
			for (let node = walker.nextNode(); node; node = walker.nextNode()) {
				const length = node.textContent!.length;
				if (at < offset + length) {
					const range = document.createRange();
					range.setStart(node, at - offset);
					range.setEnd(node, at - offset + 3);
					getSelection()!.removeAllRanges();
					getSelection()!.addRange(range);
					return;
				}
				offset += length;
			}
		});
	await page.keyboard.press('Alt+k');
	await expect(hits.getByRole('heading')).toContainText('“学习会”');
	await expect(hits.locator('mark').first()).toHaveText('学习会');
	await expect(box).toBeFocused();
	await row(page, 3).screenshot({ path: info.outputPath('concordance.png') });
	await expectNoSeriousViolations(page);
});

test('the demo article opens with matches from the demo memory', async ({ page }) => {
	await logIn(page.request, { email: 'translator@rendition.test', password: 'rendition-demo' });
	await page.goto('/');
	await page.getByRole('link', { name: 'Heilongjiang Daily (demo)' }).click();
	await page.getByRole('link', { name: /Provincial science bodies study/ }).click();
	await openEditor(page, 3);
	const best = row(page, 3).getByRole('list', { name: 'Matches for segment 3, best first' }).getByRole('listitem').first();
	await expect(best).toContainText('101 %');
	await expect(best).toContainText('Source: Heilongjiang Daily');
	await openEditor(page, 5);
	await expect(row(page, 5).getByRole('list', { name: 'Matches for segment 5, best first' }).getByRole('listitem').first()).toContainText(
		'Ten Million Project'
	);
	// Leave without saving: other specs read the demo document as seeded.
	await page.keyboard.press('Escape');
});
