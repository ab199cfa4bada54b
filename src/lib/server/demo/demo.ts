import { getDb } from '../db/db';
import { createUser } from '../accounts/users';
import { addMember, createProject } from '../projects/projects';
import { createDocument, findDocumentForMember } from '../documents/documents';
import { setAssignment } from '../assignments/assignments';
import { daysFrom } from '../../assignments/due';
import { importDocument } from '../../import/document';
import { addEntries } from '../glossary/glossary';
import { DEMO_GLOSSARY } from '../../glossary/demo';
import { DEMO_MEMORY, DEMO_MEMORY_AUTHOR, DEMO_MEMORY_TITLE } from '../../tm/demo';
import { addUnits } from '../tm/units';
import { blockFromPlainText } from '../../import/model';
import { setQaSeverities } from '../qa/settings';

/** The demo document's texts: a Chinese source and its machine translation, one paragraph each. */
export interface DemoArticle {
	source: string;
	translation: string;
}

export const DEMO_DOCUMENT_TITLE = 'Provincial science bodies study the “Pujiang Experience” and the “Ten Million Project”';

export const DEMO_PASSWORD = 'rendition-demo';
export const DEMO_ACCOUNTS = [
	{ email: 'admin@rendition.test', name: 'Ada Admin', role: 'admin' as const, projectRole: 'owner' as const },
	{ email: 'translator@rendition.test', name: 'Tomás Translator', role: 'user' as const, projectRole: 'translator' as const },
	{ email: 'reviewer@rendition.test', name: 'Rui Reviewer', role: 'user' as const, projectRole: 'reviewer' as const }
];
export const DEMO_PROJECT = { name: 'Heilongjiang Daily (demo)', sourceLang: 'zh-Hans', targetLang: 'en' };

export async function isDatabaseEmpty(): Promise<boolean> {
	const row = await getDb().selectFrom('users').select('id').limit(1).executeTakeFirst();
	return !row;
}

/** Creates the demo accounts, project and document; on an empty embedded database and by the CLI. */
export async function seedDemo(article: DemoArticle): Promise<void> {
	const parsed = importDocument({ source: article.source, translation: article.translation, format: 'text' });
	if (!parsed.ok || !parsed.aligned) throw new Error('The demo article does not import cleanly; check its fixture files.');
	const [admin, ...others] = DEMO_ACCOUNTS;
	const db = getDb();
	const owner = await createUser(db, { email: admin.email, name: admin.name, password: DEMO_PASSWORD }, { role: admin.role });
	const staff = new Map<string, number>();
	for (const account of others) {
		const user = await createUser(db, { email: account.email, name: account.name, password: DEMO_PASSWORD }, { role: account.role });
		staff.set(account.projectRole, user.id);
	}
	const project = await createProject(db, owner, DEMO_PROJECT);
	for (const account of others) await addMember(db, project, { email: account.email, role: account.projectRole });
	const { id: documentId } = await createDocument(db, project, {
		title: DEMO_DOCUMENT_TITLE,
		format: 'text',
		source: parsed.source,
		translation: parsed.translation
	});
	// Assigned to the demo translator and reviewer, due in a week: their My work and bell show it at once.
	const doc = await findDocumentForMember(db, owner, documentId);
	if (!doc) throw new Error('The demo document was not created.');
	await setAssignment(db, doc, { translatorId: staff.get('translator'), reviewerId: staff.get('reviewer'), dueDate: daysFrom(new Date(), 7) });
	// The demo glossary catches the article's MT mistakes (千万工程 as “Ten Thousand Project”, …).
	await addEntries(db, project, DEMO_GLOSSARY);
	// …and a glossary error blocks publishing, so the demo shows the gate refusing until they are fixed.
	await setQaSeverities(db, project, { severities: { glossary: 'error' } });
	// An earlier translation in the memory: the article's segments open with matches beside them.
	await addUnits(
		db,
		DEMO_MEMORY.map((u) => ({
			projectId: project.id,
			sourceLang: DEMO_PROJECT.sourceLang,
			targetLang: DEMO_PROJECT.targetLang,
			source: blockFromPlainText(u.source, { type: 'paragraph' }),
			target: blockFromPlainText(u.target, { type: 'paragraph' }),
			prevSource: u.prevSource,
			nextSource: u.nextSource,
			origin: 'import' as const,
			documentTitle: DEMO_MEMORY_TITLE,
			authorName: DEMO_MEMORY_AUTHOR
		}))
	);
}

export function demoInstructions(url: string): string {
	return [
		'',
		'  Rendition demo is ready (embedded database).',
		`  Open ${url} and log in with one of:`,
		...DEMO_ACCOUNTS.map((a) => `    ${a.email.padEnd(28)} (${a.projectRole})`),
		`  Password for all three: ${DEMO_PASSWORD}`,
		''
	].join('\n');
}
