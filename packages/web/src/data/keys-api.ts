import type { ApiKey, ApiKeyCreate, ApiKeyList, ApiKeySecret, WebSessionInfo } from '@trailmap/core';
import { apiGet, apiPost, apiSend } from '../api/client.js';

/** What the browser's session may do (GET /web/session): its scopes and, for an admin, the name. */
export const sessionInfo = (signal?: AbortSignal) => apiGet<WebSessionInfo>('/web/session', signal);
/** Sign in as an admin (name + password); the session cookie then has scopes read, admin, privacy. */
export const adminSignIn = (name: string, password: string) => apiPost<void>('/web/admin-session', { name, password });
export const adminSignOut = () => apiSend<void>('DELETE', '/web/session');

export const listKeys = (signal?: AbortSignal) => apiGet<ApiKeyList>('/v1/keys', signal);
export const createKey = (input: ApiKeyCreate) => apiPost<ApiKeySecret>('/v1/keys', input);
export const rotateKey = (id: string, graceHours: number) => apiPost<ApiKeySecret>(`/v1/keys/${encodeURIComponent(id)}/rotate`, { graceHours });
export const revokeKey = (id: string) => apiSend<{ key: ApiKey }>('DELETE', `/v1/keys/${encodeURIComponent(id)}`);
