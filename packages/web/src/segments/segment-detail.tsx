import { useState } from 'react';
import type { SavedSegment, SegmentMembersAnswer, SegmentOverlapAnswer, SegmentSizeAnswer } from '@trailmap/core';
import { apiGet } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { EChart } from '../components/echart.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';

/** One saved segment: its members (first 100, all as CSV), its size over time and its overlap with another segment. */
export function SegmentDetail({ segment, segments }: { segment: SavedSegment; segments: SavedSegment[] }) {
  const { t, fmt } = useI18n();
  const key = encodeURIComponent(segment.key);
  const members = useApi(`members:${segment.key}:${segment.refreshedAt}`, (signal) => apiGet<SegmentMembersAnswer>(`/v1/segments/${key}/members?limit=100`, signal));
  const size = useApi(`size:${segment.key}:${segment.refreshedAt}`, (signal) => apiGet<SegmentSizeAnswer>(`/v1/segments/${key}/size`, signal));
  const [other, setOther] = useState('');
  const overlap = useApi(other ? `overlap:${segment.key}:${other}` : null, (signal) => apiGet<SegmentOverlapAnswer>(`/v1/segments/overlap?a=${key}&b=${encodeURIComponent(other)}`, signal));
  return (
    <section className="seg-section" aria-label={segment.name} data-testid="segment-detail" data-key={segment.key}>
      <h2>{segment.name}</h2>
      <h3>{t('seg.detail.members')}</h3>
      {members.status === 'loading' && <Loading />}
      {members.status === 'error' && <ErrorState error={members.error} retry={members.retry} />}
      {members.status === 'ok' && (
        <>
          <p data-testid="segment-members-total">
            {t('seg.detail.shown', { shown: fmt.int(members.data.members.length), total: fmt.int(members.data.total) })}{' '}
            <a href={`/v1/segments/${key}/members?format=csv&limit=10000`} download={`segment-${segment.key}.csv`} data-testid="segment-csv">{t('seg.detail.csv')}</a>
          </p>
          {members.data.members.length === 0 ? (
            <Empty text={t('seg.detail.noMembers')} />
          ) : (
            <table className="data-table" data-testid="segment-members">
              <thead>
                <tr>
                  <th scope="col">{t('seg.detail.person')}</th>
                  <th scope="col">{t('seg.detail.entered')}</th>
                </tr>
              </thead>
              <tbody>
                {members.data.members.map((m) => (
                  <tr key={m.personId + m.enteredAt}>
                    <td><a href={`/people?person=${encodeURIComponent(m.personId)}`}>{m.personId}</a></td>
                    <td>{new Date(m.enteredAt).toLocaleString()}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      <h3>{t('seg.detail.size')}</h3>
      {size.status === 'loading' && <Loading />}
      {size.status === 'error' && <ErrorState error={size.error} retry={size.retry} />}
      {size.status === 'ok' && size.data.days.length > 0 && (
        <EChart
          label={t('seg.detail.size')}
          testId="segment-size-chart"
          option={{ tooltip: { trigger: 'axis' }, xAxis: { type: 'category', data: size.data.days.map((d) => d.day) }, yAxis: { type: 'value', minInterval: 1 }, series: [{ type: 'line', name: t('seg.list.size'), data: size.data.days.map((d) => d.size), step: 'end' }] }}
        />
      )}
      <h3>{t('seg.detail.overlap')}</h3>
      <label>
        {t('seg.detail.overlapWith')}
        <select data-testid="segment-overlap-with" value={other} onChange={(e) => setOther(e.target.value)}>
          <option value="">—</option>
          {segments.filter((s) => s.key !== segment.key).map((s) => <option key={s.key} value={s.key}>{s.name}</option>)}
        </select>
      </label>
      {overlap.status === 'error' && other && <ErrorState error={overlap.error} retry={overlap.retry} />}
      {overlap.status === 'ok' && other && (
        <p data-testid="segment-overlap" data-both={overlap.data.both}>
          {t('seg.detail.overlapText', { both: fmt.int(overlap.data.both), a: fmt.int(overlap.data.a.size), b: fmt.int(overlap.data.b.size), jaccard: overlap.data.jaccard === null ? '—' : fmt.pct(overlap.data.jaccard) })}
        </p>
      )}
    </section>
  );
}
