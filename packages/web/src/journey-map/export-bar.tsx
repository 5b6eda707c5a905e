import { useState } from 'react';
import type { JourneyMapResult } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import { experienceParts } from './cell-card.js';
import { cellsCsv, download, exportName, mapPng } from './export.js';
import { cellKey } from './map-mode.js';

/**
 * CSV of the cells and PNG of the map, both made in the browser from the API's answer; PDF is
 * the browser's print dialog (Save as PDF) with the print stylesheet (journey-map.css).
 */
export function ExportBar({
  map,
  type,
  persona,
  subtitle,
  highlighted,
  cellExtra,
}: {
  map: JourneyMapResult;
  type: string;
  persona: string | null;
  subtitle: string;
  highlighted: Set<string>;
  cellExtra(c: JourneyMapResult['cells'][number]): string | null;
}) {
  const { t, fmt, label } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const png = async () => {
    setError(null);
    try {
      const blob = await mapPng(
        map,
        {
          title: `${t('jm.title')} · ${t(`jmx.type.${type as 'current'}`)}`,
          subtitle,
          channelHeader: t('jm.channel'),
          stage: (s) => label('stage', s),
          stageMeta: (s) =>
            [t('jm.stagePeople', { people: fmt.int(s.people) }), s.conversion !== null ? t('jm.stageConversion', { rate: fmt.pct(s.conversion) }) : null].filter(Boolean).join(' · '),
          channel: (c) => label('channel', c),
          cellLines: (c) => {
            const exp = experienceParts(c.experience, t, fmt.dec);
            return [
              [`${t('jm.cell.people')} ${fmt.int(c.people)}`, c.conversion !== null ? `${t('jm.cell.conversion')} ${fmt.pct(c.conversion)}` : null].filter(Boolean).join(' · '),
              `${t('jm.cell.dwell')} ${fmt.duration(c.dwellMedianMs)} · ${t('jm.cell.bounce')} ${fmt.pct(c.bounceRate)}`,
              exp.length ? exp.join(' · ') : t('jm.cell.noScore'),
            ];
          },
          cellExtra,
          emotionTitle: t('jm.emotion.title'),
        },
        { pains: new Set(map.painPoints.map(cellKey)), highlighted, emotionEl: document.querySelector<HTMLElement>('[data-testid="emotion-chart"]') },
      );
      download(exportName(type, persona, 'png'), blob);
    } catch (e) {
      setError(t('jmx.export.failed', { message: (e as Error).message }));
    }
  };
  return (
    <div className="export-bar" role="group" aria-label={t('jmx.export.label')}>
      <span>{t('jmx.export.label')}</span>
      <button type="button" data-testid="export-csv" onClick={() => download(exportName('cells', persona, 'csv'), new Blob(['\ufeff', cellsCsv(map)], { type: 'text/csv;charset=utf-8' }))}>
        {t('jmx.export.csv')}
      </button>
      <button type="button" data-testid="export-png" onClick={png}>
        {t('jmx.export.png')}
      </button>
      <button type="button" data-testid="export-pdf" onClick={() => window.print()} title={t('jmx.export.pdfHint')}>
        {t('jmx.export.pdf')}
      </button>
      {error && (
        <span className="form-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
