import type * as J from '../server/http/json';
import type * as B from './bodies';
import type { ReplaceRequest, ReplaceResult } from '../server/documents/replace';
import type * as Q from '../server/http/qa-json';
import type * as G from '../server/glossary/json';
import type * as T from '../server/tm/json';
import type * as M from '../server/mt/json';
import type { AssignmentJson } from '../server/assignments/json';

// One typed client for the JSON API (docs/api.md), for the browser (session cookie) and for
// scripts and tests (a token). Its types are the server's serialisers' (`import type` only).
// Each call resolves with the answer it expects or throws an ApiError.

/** `fetch`, or anything that answers like it (Playwright's request context, a test's fake). */
export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

export interface ApiClientOptions {
	/** Put before `/api/v1`: '' (the default) is the page's own origin. */
	baseUrl?: string;
	/** A personal API token; without one the browser's session cookie is sent. */
	token?: string;
	/** Sent with every request (e.g. the Origin a test names, as a browser would). */
	headers?: Record<string, string>;
}

/** A call that did not get its expected answer; `status` 0 when the server could not be reached. */
export class ApiError<Body extends J.ErrorJson = J.ErrorJson> extends Error {
	override readonly name = 'ApiError';

	constructor(
		readonly method: string,
		readonly path: string,
		readonly status: number,
		/** The API's error body, with whatever else the error carries; null when the answer was not one. */
		readonly body: Body | null,
		options?: { cause?: unknown }
	) {
		super(body?.error.message ?? (status === 0 ? 'The server could not be reached.' : `The server answered ${status}.`), options);
	}

	get code(): string {
		return this.body?.error.code ?? (this.status === 0 ? 'unreachable' : 'unexpected_response');
	}

	get field(): string | undefined {
		return this.body?.error.field;
	}
}

/** What the words for a failed call are, where the server sent none of its own. */
export interface FailureTexts {
	offline: string;
	session: string;
	other: (status: number) => string;
}

/** What to tell the person about a call that failed: the server's own message when it sent one. */
export function failureMessage(e: ApiError, texts: FailureTexts): string {
	if (e.status === 0) return texts.offline;
	if (e.body) return e.message;
	if (e.status === 401) return texts.session;
	return texts.other(e.status);
}

/** A save's or restore's 409, with the segment's current version. */
export const isConflict = (e: unknown): e is ApiError<J.ConflictJson> => e instanceof ApiError && e.status === 409 && e.body !== null && 'current' in e.body;

/** The publish gate's 409, with every reason. */
export const isPublishRefused = (e: unknown): e is ApiError<J.PublishRefusedJson> =>
	e instanceof ApiError && e.status === 409 && e.body !== null && 'reasons' in e.body;

function isErrorJson(value: unknown): value is J.ErrorJson {
	const error = (value as { error?: { code?: unknown; message?: unknown } } | null)?.error;
	return typeof error?.code === 'string' && typeof error.message === 'string';
}

export function createApiClient(fetch: Fetch, { baseUrl = '', token, headers = {} }: ApiClientOptions = {}) {
	async function raw(method: string, path: string, expected: number | readonly number[], body?: string, contentType?: string): Promise<Response> {
		let response: Response;
		try {
			response = await fetch(`${baseUrl}/api/v1${path}`, {
				method,
				headers: {
					accept: 'application/json',
					...(contentType ? { 'content-type': contentType } : {}),
					...(token ? { authorization: `Bearer ${token}` } : {}),
					...headers
				},
				body
			});
		} catch (cause) {
			throw new ApiError(method, path, 0, null, { cause });
		}
		if (typeof expected === 'number' ? response.status === expected : expected.includes(response.status)) return response;
		const json: unknown = await response.json().catch(() => undefined);
		throw new ApiError(method, path, response.status, isErrorJson(json) ? json : null);
	}
	async function send<T>(method: string, path: string, expected: number | readonly number[], body?: unknown): Promise<T> {
		const response = await raw(
			method,
			path,
			expected,
			body === undefined ? undefined : JSON.stringify(body),
			body === undefined ? undefined : 'application/json'
		);
		const json: unknown = await response.json().catch(() => undefined);
		if (json !== undefined) return json as T;
		throw new ApiError(method, path, response.status, null);
	}
	const get = <T>(path: string) => send<T>('GET', path, 200);
	// A state change with the session cookie must be a JSON request, so every POST has a body.
	const post = <T>(path: string, body: object = {}, expected = 200) => send<T>('POST', path, expected, body);

	return {
		me: () => get<J.UserJson>('/me'),
		reviewQueue: () => get<J.ReviewQueueJson>('/review-queue'),
		projects: {
			list: () => get<J.ProjectListJson>('/projects'),
			create: (body: B.ProjectInput) => post<J.ProjectJson>('/projects', body, 201),
			members: (projectId: number) => get<J.MemberListJson>(`/projects/${projectId}/members`),
			addMember: (projectId: number, body: B.MemberInput) => post<J.MemberJson>(`/projects/${projectId}/members`, body, 201),
			documents: (projectId: number) => get<J.DocumentListJson>(`/projects/${projectId}/documents`),
			importDocument: (projectId: number, body: B.DocumentInput) => post<J.CreatedDocumentJson>(`/projects/${projectId}/documents`, body, 201)
		},
		documents: {
			get: (id: number) => get<J.DocumentJson>(`/documents/${id}`),
			submit: (id: number, body: B.SubmitInput = {}) => post<J.SubmittedJson>(`/documents/${id}/submit`, body, 201),
			rounds: (id: number) => get<J.RoundListJson>(`/documents/${id}/rounds`),
			audit: (id: number) => get<J.AuditListJson>(`/documents/${id}/audit`),
			publications: (id: number) => get<J.PublicationListJson>(`/documents/${id}/publications`),
			/** Throws an ApiError that `isPublishRefused` recognises when the gate refuses. */
			publish: (id: number) => post<J.PublishedJson>(`/documents/${id}/publish`, {}, 201),
			/** Replaces in every segment the caller may change; segments changed meanwhile come back in `conflicts`. */
			replace: (id: number, body: ReplaceRequest) => post<ReplaceResult>(`/documents/${id}/replace`, body),
			/** Who translates and reviews the document, and by when (any member). */
			assignment: (id: number) => get<AssignmentJson>(`/documents/${id}/assignment`),
			/** Owners: the fields given change, null clears one; the newly assigned are notified. */
			assign: (id: number, body: B.AssignmentInput) => send<AssignmentJson>('PUT', `/documents/${id}/assignment`, 200, body),
			/** Queues the pre-translation of the empty segments (202); `created: false` answers the one already queued or running. */
			pretranslate: (id: number) => post<{ jobId: number; created: boolean }>(`/documents/${id}/pretranslate`, {}, 202),
			/** Renews the caller's presence on the document, at a segment (a soft lock) or none. */
			presence: (id: number, body: { segmentId: number | null }) => post<{ leaseSeconds: number; expiresAt: string }>(`/documents/${id}/presence`, body),
			/** Ends the caller's presence at once. */
			// JSON, as every state change with the session cookie must be.
			leave: (id: number) => raw('DELETE', `/documents/${id}/presence`, 204, '{}', 'application/json').then(() => undefined)
		},
		segments: {
			get: (id: number) => get<{ segment: J.SegmentNowJson }>(`/segments/${id}`),
			/** Throws an ApiError that `isConflict` recognises when someone saved first. */
			save: (id: number, body: B.SaveInput) => send<J.SavedJson & { qa: Q.QaIssueJson[] }>('PUT', `/segments/${id}`, 200, body),
			/** Throws an ApiError that `isConflict` recognises when the segment moved on. */
			restore: (id: number, body: B.RestoreInput) => post<J.SavedJson>(`/segments/${id}/restore`, body),
			/** Throws an ApiError that `isConflict` recognises when the segment moved on. */
			confirm: (id: number, body: B.ConfirmInput) => post<J.ConfirmedJson>(`/segments/${id}/confirm`, body),
			revisions: (id: number) => get<J.HistoryJson>(`/segments/${id}/revisions`),
			diff: (id: number, from: number, to: number) => get<J.DiffJson>(`/segments/${id}/diff?from=${from}&to=${to}`),
			approve: (id: number, body: B.ApproveInput) => post<J.ApprovedJson>(`/segments/${id}/approve`, body),
			reject: (id: number, body: B.RejectInput) => post<J.RejectedJson>(`/segments/${id}/reject`, body),
			comments: (id: number) => get<J.CommentListJson>(`/segments/${id}/comments`),
			addComment: (id: number, body: B.CommentInput) => post<J.CommentJson>(`/segments/${id}/comments`, body, 201),
			resolveThread: (id: number) => post<J.ResolvedJson>(`/segments/${id}/comments/resolve`)
		},
		jobs: {
			get: (id: number) => get<J.JobJson>(`/jobs/${id}`),
			/** By the member who started the job, or a project owner; 409 once it has finished. */
			cancel: (id: number) => post<J.JobJson>(`/jobs/${id}/cancel`)
		},
		notifications: {
			list: () => get<J.NotificationListJson>('/notifications'),
			markRead: (body: B.MarkReadInput = {}) => post<J.UnreadJson>('/notifications/read', body)
		},
		qa: {
			/** Every QA issue of the document's current text, ignored ones with who and why. */
			document: (documentId: number) => get<Q.DocumentQaJson>(`/documents/${documentId}/qa`),
			/** Ignores a warning or note (not an error) with a reason; again changes nothing (`created: false`). */
			ignore: (segmentId: number, body: B.QaIgnoreInput) => post<Q.QaIgnoreJson & { created: boolean }>(`/segments/${segmentId}/qa/ignores`, body),
			unignore: (segmentId: number, ignoreId: number) => send<{ id: number; removed: true }>('DELETE', `/segments/${segmentId}/qa/ignores/${ignoreId}`, 200),
			levels: (projectId: number) => get<Q.QaSeveritiesJson>(`/projects/${projectId}/qa`),
			setLevels: (projectId: number, body: B.QaLevelsInput) => send<Q.QaSeveritiesJson>('PUT', `/projects/${projectId}/qa`, 200, body)
		},
		tm: {
			/** The memory's best matches for the segment's source, best first, then the engine's translation (`only` asks for one of the two). */
			matches: (segmentId: number) => get<M.AllMatchesJson>(`/segments/${segmentId}/matches`),
			/** Only the memory's matches: they come in milliseconds, whatever the engine does. */
			memoryMatches: (segmentId: number) => get<{ minScore: number; matches: T.MatchJson[] }>(`/segments/${segmentId}/matches?only=tm`),
			/** Only the engine's translation, or why there is none (`mtError`). */
			mtSuggestion: (segmentId: number) => get<{ matches: M.MtMatchJson[]; mtError?: M.MtErrorJson }>(`/segments/${segmentId}/matches?only=mt`),
			/** Units holding the phrase in source or target, newest first, with where it is. */
			search: (projectId: number, q: string) => get<{ results: T.ConcordanceJson[]; more: boolean }>(`/projects/${projectId}/tm?${new URLSearchParams({ q })}`),
			/** Owners. A small file is imported at once; a larger one answers 202 with the job that imports it. */
			importTmx: (projectId: number, tmx: string) => send<T.TmxImportJson | { jobId: number }>('POST', `/projects/${projectId}/tm/import`, [200, 202], { tmx }),
			/** The project's own current units as TMX 1.4b: the address to download. */
			exportUrl: (projectId: number) => `${baseUrl}/api/v1/projects/${projectId}/tm/export`,
			settings: (projectId: number) => get<T.TmSettingsJson>(`/projects/${projectId}/tm/settings`),
			/** Owners: the lowest score shown (50–100) and the score that pre-fills a segment (75–101, or null for never). */
			setSettings: (projectId: number, body: { minScore: number; prefillScore: number | null }) =>
				send<T.TmSettingsJson>('PUT', `/projects/${projectId}/tm/settings`, 200, body),
			/** The memories the project reads, and for its owner the other projects they may let it read. */
			shares: (projectId: number) => get<{ shares: T.MemoryShareJson[] }>(`/projects/${projectId}/tm/shares`),
			/** An owner of both projects lets `projectId` read `sourceProjectId`'s memory. */
			share: (projectId: number, sourceProjectId: number) =>
				send<{ shares: T.MemoryShareJson[] }>('PUT', `/projects/${projectId}/tm/shares/${sourceProjectId}`, 200, {}),
			unshare: async (projectId: number, sourceProjectId: number): Promise<void> => {
				// A session's state changes must be JSON requests, body or not.
				await raw('DELETE', `/projects/${projectId}/tm/shares/${sourceProjectId}`, 204, '{}', 'application/json');
			}
		},
		glossary: {
			list: (projectId: number, search: { q?: string; status?: string } = {}) =>
				get<G.GlossaryListJson>(`/projects/${projectId}/glossary${new URLSearchParams(search).size ? `?${new URLSearchParams(search)}` : ''}`),
			/** An owner's entry is accepted; a translator's is a proposal (`proposed: true`). */
			add: (projectId: number, body: B.GlossaryEntryInput) => post<G.GlossaryEntryJson>(`/projects/${projectId}/glossary`, body, 201),
			/** Only the fields given change; `proposed: false` accepts a proposal (owners). */
			update: (projectId: number, entryId: number, body: Partial<B.GlossaryEntryInput> & { proposed?: false }) =>
				send<G.GlossaryEntryJson>('PATCH', `/projects/${projectId}/glossary/${entryId}`, 200, body),
			remove: async (projectId: number, entryId: number): Promise<void> => {
				await raw('DELETE', `/projects/${projectId}/glossary/${entryId}`, 204);
			},
			/** A CSV or TBX file's text; needs a token (a session's writes must be JSON). */
			import: async (projectId: number, file: string, format: 'csv' | 'tbx'): Promise<G.GlossaryImportJson> => {
				const response = await raw('POST', `/projects/${projectId}/glossary/import`, 200, file, format === 'csv' ? 'text/csv' : 'application/x-tbx+xml');
				return (await response.json()) as G.GlossaryImportJson;
			},
			/** The accepted entries as a file: CSV, TBX v3, or TBX 2 with `version: 2`. */
			export: async (projectId: number, format: 'csv' | 'tbx', version: 2 | 3 = 3): Promise<string> => {
				const query = format === 'tbx' && version === 2 ? '&version=2' : '';
				return (await raw('GET', `/projects/${projectId}/glossary/export?format=${format}${query}`, 200)).text();
			}
		}
	};
}

export type ApiClient = ReturnType<typeof createApiClient>;
