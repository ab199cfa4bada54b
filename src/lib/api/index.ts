export { ApiError, createApiClient, isConflict, isPublishRefused, type ApiClient, type ApiClientOptions, type Fetch } from './client';
export type * from './bodies';
export type * from '../server/http/json';
