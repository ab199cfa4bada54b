import type { Database } from '../db/db';
import { DomainError, validate, type Input } from '../errors';
import { requireAdministrator, requireAllowed } from '../permissions';
import { projectGlossary } from '../glossary/glossary';
import { plainText, type Block } from '../../import/model';
import { engineById, engineRefSchema } from './engines';
import { translateSegments, type SegmentTranslation, type TranslateOptions } from './translate';
import type { AuthUser } from '../auth/sessions';
import type { SegmentAccess } from '../documents/segments';

// The two single-segment uses of an engine: the active segment's MT suggestion, and the
// administrator's "Test connection".

export interface MtSuggestion {
	engine: { id: number; name: string };
	translation: SegmentTranslation;
}

/** The project's engine's translation of the segment's source, or null when the project has no engine. */
export async function suggest(db: Database, segment: SegmentAccess, options: TranslateOptions = {}): Promise<MtSuggestion | null> {
	requireAllowed(segment, 'read');
	const project = await db
		.selectFrom('projects')
		.select(['sourceLang', 'targetLang', 'mtEngineId'])
		.where('id', '=', segment.projectId)
		.executeTakeFirstOrThrow();
	if (project.mtEngineId === null) return null;
	const engine = await engineById(db, project.mtEngineId);
	if (!engine) return null;
	const glossary = engine.provider === 'openai' ? await projectGlossary(db, segment.projectId) : [];
	const [translation] = await translateSegments(
		engine,
		{ sourceLang: project.sourceLang, targetLang: project.targetLang, blocks: [segment.source], glossary },
		options
	);
	return { engine: { id: engine.id, name: engine.name }, translation };
}

/** What "Test connection" translates: Chinese news with bold and a link, as the app's own segments are. */
export const SAMPLE_SOURCE: Block = {
	type: 'paragraph',
	content: [
		{ type: 'text', text: '新华社报道，黑龙江今年' },
		{ type: 'text', text: '夏粮丰收', marks: [{ type: 'strong' }] },
		{ type: 'text', text: '。详见' },
		{ type: 'text', text: '新华网', marks: [{ type: 'link', attrs: { href: 'https://www.news.cn/', title: null } }] },
		{ type: 'text', text: '。' }
	]
};

export type EngineTest = { ok: true; source: string; block: Block; text: string; formattingLost: string[] } | { ok: false; source: string; error: string };

/** Translates the sample sentence zh-Hans → en with a configured engine (administrators only). */
export async function testEngine(db: Database, actor: AuthUser, input: Input<typeof engineRefSchema>, options: TranslateOptions = {}): Promise<EngineTest> {
	requireAdministrator(actor);
	const { engineId } = validate(engineRefSchema, input);
	const engine = await engineById(db, engineId);
	if (!engine) throw new DomainError('not_found', 'No such engine.', 'engineId');
	// One try: the administrator is waiting, and a retry would only hide what went wrong.
	const [result] = await translateSegments(engine, { sourceLang: 'zh-Hans', targetLang: 'en', blocks: [SAMPLE_SOURCE] }, { attempts: 1, ...options });
	const source = plainText(SAMPLE_SOURCE);
	if (!result.ok) return { ok: false, source, error: result.error };
	return { ok: true, source, block: result.block, text: plainText(result.block), formattingLost: result.formattingLost ?? [] };
}
