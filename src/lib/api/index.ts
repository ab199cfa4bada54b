export {
	ApiError,
	createApiClient,
	failureMessage,
	isConflict,
	isPublishRefused,
	type ApiClient,
	type ApiClientOptions,
	type FailureTexts,
	type Fetch
} from './client';
export type * from './bodies';
export type * from '../server/http/json';
export type { MatchJson, ConcordanceJson, MemoryShareJson, TmSettingsJson, TmxImportJson } from '../server/tm/json';
export type { AllMatchesJson, MtMatchJson, MtErrorJson } from '../server/mt/json';
