import type { ServiceScanResult, ServiceTask, ServiceTaskListAnswer, ServiceTaskPatch } from '@trailmap/core';
import { apiGet, apiPost, apiSend } from '../api/client.js';

export const listTasks = (query: string, signal?: AbortSignal) => apiGet<ServiceTaskListAnswer>(`/v1/tasks${query ? `?${query}` : ''}`, signal);
export const patchTask = (id: string, patch: ServiceTaskPatch) => apiSend<{ task: ServiceTask }>('PATCH', `/v1/tasks/${encodeURIComponent(id)}`, patch);
export const closeTask = (id: string, resolution: string) => apiPost<{ task: ServiceTask; event: boolean }>(`/v1/tasks/${encodeURIComponent(id)}/close`, { resolution });
export const scanTasks = () => apiPost<ServiceScanResult>('/v1/tasks/scan', {});
