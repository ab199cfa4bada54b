import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '$lib/server/testing/test-db';
import { createTeam, type Team } from '$lib/server/testing/factories';
import { pageOutcome, useTestServer } from '$lib/server/testing/http';
import { getDb } from '$lib/server/db/db';
import * as auth from '$lib/server/auth/sessions';
import * as tm from '$lib/server/tm/tm';

// The Translation memory page as a browser uses it: the owner's upload and settings forms, what
// other members see instead, and refusals of their posts.

useTestDatabase();
const server = useTestServer();

let team: Team;
const cookie = {} as Record<'owner' | 'translator' | 'outsider', string>;

beforeAll(async () => {
	team = await createTeam({ name: 'Memory page' });
	for (const who of ['owner', 'translator', 'outsider'] as const) cookie[who] = `${auth.SESSION_COOKIE}=${(await auth.createSession(team[who].id)).token}`;
});

const page = () => `/projects/${team.project.slug}/memory`;
const TMX = `<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="zh-CN" datatype="plaintext" segtype="sentence" o-tmf="x" adminlang="en" creationtool="t" creationtoolversion="1"/><body>
<tu><tuv xml:lang="zh-CN"><seg>页面导入。</seg></tuv><tuv xml:lang="en-GB"><seg>Imported from the page.</seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>只有中文。</seg></tuv></tu>
</body></tmx>`;

function post(who: keyof typeof cookie, action: string, body: FormData | URLSearchParams, accept = 'application/json') {
	return server.fetch(`${page()}?/${action}`, { method: 'POST', headers: { cookie: cookie[who], origin: server.origin, accept }, body });
}

const tmxFile = (text: string) => {
	const data = new FormData();
	data.append('file', new File([text], 'memory.tmx', { type: 'application/x-tmx+xml' }));
	return data;
};

describe('the Translation memory page', () => {
	it('shows the owner the import, settings and sharing forms, and imports a file with its report', async () => {
		const html = await (await server.fetch(page(), { headers: { cookie: cookie.owner } })).text();
		expect(html).toContain('action="?/import"');
		expect(html).toContain('action="?/settings"');
		expect(html).toContain(`/api/v1/projects/${team.project.id}/tm/export`);

		// Without JavaScript: the browser posts the form and reads the page it answers with.
		const answer = await post('owner', 'import', tmxFile(TMX), 'text/html');
		expect(answer.status).toBe(200);
		const report = await answer.text();
		expect(report).toContain('Imported 1, skipped 1.');
		expect(report).toContain('It has no en segment');
		expect((await tm.tmSettings(getDb(), team.project)).units).toBe(1);
	});

	it('refuses a file in another pair with its reason and saves the thresholds', async () => {
		const wrong = TMX.replaceAll('zh-CN', 'de-DE');
		const refused = await post('owner', 'import', tmxFile(wrong));
		expect(await pageOutcome(refused.clone())).toBe('400');
		expect(JSON.stringify(await refused.json())).toContain('the project translates');
		const saved = await post('owner', 'settings', new URLSearchParams({ minScore: '75', prefillScore: '' }));
		expect(await pageOutcome(saved)).toBe('yes');
		expect(await tm.tmSettings(getDb(), team.project)).toMatchObject({ minScore: 75, prefillScore: null });
		const tooLow = await post('owner', 'settings', new URLSearchParams({ minScore: '20', prefillScore: '' }));
		expect(await pageOutcome(tooLow)).toBe('400');
	});

	it('shows a translator the counts and the export only, and refuses their posts', async () => {
		const html = await (await server.fetch(page(), { headers: { cookie: cookie.translator } })).text();
		expect(html).not.toContain('action="?/import"');
		expect(html).not.toContain('action="?/settings"');
		expect(html).toContain('Export TMX');
		expect(await pageOutcome(await post('translator', 'import', tmxFile(TMX.replace('页面', '译者'))))).toBe('403');
		expect(await pageOutcome(await post('translator', 'settings', new URLSearchParams({ minScore: '90', prefillScore: '' })))).toBe('403');
		expect((await server.fetch(page(), { headers: { cookie: cookie.outsider } })).status).toBe(404);
		expect(await pageOutcome(await post('outsider', 'import', tmxFile(TMX)))).toBe('404');
	});
});
