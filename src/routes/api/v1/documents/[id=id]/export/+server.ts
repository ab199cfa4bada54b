import { ApiError, apiHandler, downloadResponse, methodNotAllowed } from '$lib/server/http/api';
import { documentForApi } from '$lib/server/http/access';
import * as exports from '$lib/server/documents/exports';
import { EXPORT_FORMATS, exportDocument, isExportFormat } from '$lib/publish/export';

export const GET = apiHandler(async (event) => {
	const { db, doc } = await documentForApi(event);
	const format = event.url.searchParams.get('format') ?? '';
	if (!isExportFormat(format)) {
		throw new ApiError(400, 'invalid', `Unknown export format “${format}”; use one of ${EXPORT_FORMATS.join(', ')}.`, 'format');
	}
	const version = event.url.searchParams.get('version');
	let source: exports.ExportSource | null;
	if (version === null) source = await exports.currentExport(db, doc);
	else if (version === 'current') source = await exports.publishedExport(db, doc.id, 'published');
	else if (/^[1-9]\d{0,8}$/.test(version)) source = await exports.publishedExport(db, doc.id, Number(version));
	else throw new ApiError(400, 'invalid', 'version is a version number or “current”.', 'version');
	if (!source) throw new ApiError(404, 'not_found', version === 'current' ? 'This document is not published.' : `This document has no version ${version}.`);

	const file = exportDocument(source.doc, format, source.storedHtml);
	return downloadResponse(file);
});

export const fallback = methodNotAllowed(['GET']);
