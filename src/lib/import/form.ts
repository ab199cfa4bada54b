import { decodeUpload, formatBytes, MAX_IMPORT_BYTES, type ImportFormat } from './upload';
import { importDocument, IMPORT_FORMATS } from './document';
import type { Block } from './model';
import { documentTitleSchema } from './input';

// The import page's first step, as pure logic over the posted form: pasted text or uploads split
// into segments for the user to line up. The second step is `readConfirmedImport` (input.ts).

export type PreviewResult =
	| { ok: true; title: string; format: ImportFormat; source: Block[]; translation: Block[] | null; aligned: boolean }
	| { ok: false; status: number; field: string; message: string };

type Side = 'source' | 'translation';

/** A side's text from its upload when a file was chosen, else from the pasted text. */
async function sideText(form: FormData, side: Side): Promise<{ text: string; format?: ImportFormat } | { error: PreviewResult }> {
	const file = form.get(`${side}File`);
	if (file instanceof File && file.size > 0) {
		if (file.size > MAX_IMPORT_BYTES) {
			// Refused before reading so an oversized upload is not pulled into memory.
			const message = `“${file.name}” is ${formatBytes(file.size)}; the limit is ${formatBytes(MAX_IMPORT_BYTES)} per file. Split the document into smaller parts.`;
			return { error: { ok: false, status: 413, field: side, message } };
		}
		const decoded = decodeUpload(new Uint8Array(await file.arrayBuffer()), file.name);
		if (!decoded.ok) return { error: { ok: false, status: decoded.status, field: side, message: decoded.message } };
		return { text: decoded.text, format: decoded.format };
	}
	if (file instanceof File && file.name && file.size === 0) {
		return { error: { ok: false, status: 400, field: side, message: `“${file.name}” is empty. Choose a file with the text in it.` } };
	}
	return { text: String(form.get(side) ?? '') };
}

/** Step one of the import page: read pasted text or uploads and split them into segments. */
export async function previewImport(form: FormData): Promise<PreviewResult> {
	const title = documentTitleSchema.safeParse(form.get('title') ?? '');
	if (!title.success) return { ok: false, status: 400, field: 'title', message: title.error.issues[0].message };
	const source = await sideText(form, 'source');
	if ('error' in source) return source.error;
	const translation = await sideText(form, 'translation');
	if ('error' in translation) return translation.error;

	const chosen = String(form.get('format') ?? 'auto');
	const format: ImportFormat | undefined =
		chosen === 'auto'
			? (source.format ?? translation.format ?? 'text')
			: (IMPORT_FORMATS as readonly string[]).includes(chosen)
				? (chosen as ImportFormat)
				: undefined;
	if (!format) return { ok: false, status: 400, field: 'format', message: 'Choose a format: plain text, Markdown or HTML.' };

	const result = importDocument({ source: source.text, translation: translation.text, format });
	if (!result.ok) return { ok: false, status: result.status, field: result.field ?? 'source', message: result.message };
	return { ok: true, title: title.data, format, source: result.source, translation: result.translation, aligned: result.aligned };
}
