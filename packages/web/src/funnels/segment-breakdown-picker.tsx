import { apiGet } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { useI18n } from '../i18n/i18n.js';

/**
 * "Break down by segment": a select of the saved segments (GET /v1/segments), or none. The
 * funnel and retention pages send the choice as `breakdown: { segment: key }` and show the
 * groups "in" and "not in" (labelled by `segmentGroupLabel`).
 */
export function SegmentBreakdownPicker({ value, onChange, testId }: { value: string | null; onChange(key: string | null): void; testId: string }) {
  const { t } = useI18n();
  const list = useApi<{ segments: Array<{ key: string; name: string }> }>('segments', (signal) => apiGet('/v1/segments', signal));
  const segments = list.status === 'ok' ? list.data.segments : [];
  return (
    <label>
      {t('fn.segmentBreakdown')}
      <select data-testid={testId} value={value ?? ''} onChange={(e) => onChange(e.target.value || null)}>
        <option value="">{t('fn.segmentBreakdown.none')}</option>
        {segments.map((s) => (
          <option key={s.key} value={s.key}>
            {s.name}
          </option>
        ))}
        {value && !segments.some((s) => s.key === value) && <option value={value}>{value}</option>}
      </select>
    </label>
  );
}

/** The text of a segment breakdown group ("in" / "not in" the segment). */
export function useSegmentGroupLabel(): (group: string | null) => string {
  const { t } = useI18n();
  return (g) => (g === 'in' ? t('fn.segmentBreakdown.in') : g === 'not in' ? t('fn.segmentBreakdown.out') : (g ?? ''));
}
