import { ApiFailure, csrfHeaders } from '../api/client.js';

/** `POST /v1/files` answer (packages/warehouse ImportReport). */
export interface ImportReport {
  file: string;
  format: 'csv' | 'jsonl' | 'parquet';
  rows: number;
  accepted: number;
  quarantined: number;
  duplicates: number;
  alreadyImported: boolean;
  quarantineSample: Array<{ line: number | null; record: string; code: string; field: string | null; reason: string }>;
  warnings: string[];
  /** Rows of suppressed ids (data-subject requests), dropped; absent when none. */
  suppressed?: number;
}

export interface UploadOptions {
  format: '' | 'csv' | 'jsonl' | 'parquet';
  map: Record<string, string>;
  unknownColumns: 'error' | 'properties';
  type: string;
}

export const FORMATS = ['csv', 'jsonl', 'parquet'] as const;
export const MESSAGE_TYPES = ['track', 'identify', 'page', 'screen', 'group', 'alias'] as const;

/** The upload URL: `/v1/files?name=…&map=<JSON>&unknownColumns=…&type=…` (files.route.ts). */
export function uploadUrl(name: string, o: UploadOptions): string {
  const q = new URLSearchParams({ name });
  if (o.format) q.set('format', o.format);
  if (Object.keys(o.map).length > 0) q.set('map', JSON.stringify(o.map));
  q.set('unknownColumns', o.unknownColumns);
  if (o.type) q.set('type', o.type);
  return `/v1/files?${q}`;
}

/**
 * Send the file as the request body with XMLHttpRequest (fetch has no upload progress). The local
 * session cookie authorises it; the write key never reaches the browser.
 */
export function uploadFile(file: File, url: string, onProgress: (loaded: number, total: number) => void, signal: AbortSignal): Promise<ImportReport> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    for (const [k, v] of Object.entries(csrfHeaders())) xhr.setRequestHeader(k, v);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.upload.onload = () => onProgress(file.size, file.size);
    xhr.onload = () => {
      const body = xhr.response as (ImportReport & { error?: { code?: string; message?: string } }) | null;
      if (xhr.status >= 200 && xhr.status < 300 && body) resolve(body);
      else reject(new ApiFailure(xhr.status, body?.error?.code ?? `http_${xhr.status}`, body?.error?.message ?? xhr.statusText));
    };
    xhr.onerror = () => reject(new ApiFailure(0, 'network', 'the upload failed (network error)'));
    xhr.onabort = () => reject(new ApiFailure(0, 'aborted', 'aborted'));
    signal.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

/** The header of a CSV file (first line, split on the delimiter that gives most cells), to suggest columns. */
export async function csvColumns(file: File): Promise<string[]> {
  const head = await file.slice(0, 64 * 1024).text();
  const line = (head.replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '').trim();
  if (!line) return [];
  let best: string[] = [];
  for (const d of [',', '\t', ';', '|']) {
    const cells = line.split(d).map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
    if (cells.length > best.length) best = cells;
  }
  return best.filter((c) => c !== '');
}
