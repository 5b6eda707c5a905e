import { apiGet } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { useI18n } from '../i18n/i18n.js';
import { useUrlParams } from '../routing/url-params.js';

/** The URL parameter the picker keeps its choice in: `key` (in the segment) or `!key` (not in it). */
export const SEGMENT_PARAM = 'seg';

/** The picked segment as conditions for an analysis's `segment` filter (none when everyone). */
export function segmentFilterOf(param: string | null): Array<{ inSegment: string } | { notInSegment: string }> {
  if (!param) return [];
  return param.startsWith('!') ? [{ notInSegment: param.slice(1) }] : [{ inSegment: param }];
}

/** The page's picked segment (from the URL) as `segment` conditions; merge them into the definition sent. */
export function useSegmentFilter(): Array<{ inSegment: string } | { notInSegment: string }> {
  const [params] = useUrlParams();
  return segmentFilterOf(params.get(SEGMENT_PARAM));
}

/**
 * A select of the saved segments (GET /v1/segments) for an analysis page's filter bar: everyone,
 * or in / not in one segment. The choice lives in the URL (`seg`), so a link keeps it; the page
 * adds `useSegmentFilter()` to its definition's `segment`.
 */
export function SegmentPicker() {
  const { t } = useI18n();
  const [params, edit] = useUrlParams();
  const list = useApi<{ segments: Array<{ key: string; name: string }> }>('segments', (signal) => apiGet('/v1/segments', signal));
  const value = params.get(SEGMENT_PARAM) ?? '';
  const segments = list.status === 'ok' ? list.data.segments : [];
  const set = (v: string) =>
    edit((cur) => {
      const next = new URLSearchParams(cur);
      if (v) next.set(SEGMENT_PARAM, v);
      else next.delete(SEGMENT_PARAM);
      return next;
    });
  return (
    <label>
      {t('seg.picker.label')}
      <select data-testid="segment-picker" value={value} onChange={(e) => set(e.target.value)} title={list.status === 'error' ? t('seg.picker.unavailable') : undefined}>
        <option value="">{t('seg.picker.everyone')}</option>
        {segments.map((s) => (
          <option key={s.key} value={s.key}>
            {t('seg.picker.in', { name: s.name })}
          </option>
        ))}
        {segments.map((s) => (
          <option key={`!${s.key}`} value={`!${s.key}`}>
            {t('seg.picker.notIn', { name: s.name })}
          </option>
        ))}
        {value && !segments.some((s) => s.key === value.replace(/^!/, '')) && <option value={value}>{value}</option>}
      </select>
    </label>
  );
}
