import { useRef, type ReactNode } from 'react';
import { toCsv } from '@trailmap/core';
import { useI18n } from '../i18n/i18n.js';
import { downloadFile, fileNameOf } from './download.js';

/**
 * The rows of an HTML table as the page shows them: every header and body row, each cell's
 * text (a cell may carry `data-csv` with its exact value instead), a spanned cell followed by
 * empty ones so the columns line up. Cells and elements marked `data-csv-skip` (row buttons) are left out.
 */
export function tableRows(table: HTMLTableElement): string[][] {
  return [...table.rows].map((tr) =>
    [...tr.cells].flatMap((cell) => {
      if (cell.hasAttribute('data-csv-skip')) return [];
      const value = cell.dataset.csv ?? cellText(cell);
      return [value, ...Array.from({ length: Math.max(0, cell.colSpan - 1) }, () => '')];
    }),
  );
}

function cellText(cell: HTMLTableCellElement): string {
  if (!cell.querySelector('[data-csv-skip]')) return cell.innerText.replace(/\s*\n\s*/g, ' ').trim();
  const copy = cell.cloneNode(true) as HTMLElement;
  copy.querySelectorAll('[data-csv-skip]').forEach((e) => e.remove());
  return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * A table with a "Download CSV" button above it: the file holds the table as shown (UTF-8 with
 * a byte-order mark, so spreadsheet programs read Chinese text right; RFC 4180 quoting).
 */
export function CsvTable({ name, children }: { name: string; children: ReactNode }) {
  const { t } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  return (
    <div className="csv-table" ref={box}>
      <div className="data-export">
        <button
          type="button"
          className="export-button"
          data-testid="csv-download"
          data-csv-name={name}
          aria-label={t('export.csv.label')}
          onClick={() => {
            const table = box.current?.querySelector('table');
            if (table) downloadFile(fileNameOf(name, 'csv'), new Blob(['\uFEFF' + toCsv(tableRows(table))], { type: 'text/csv;charset=utf-8' }));
          }}
        >
          {t('export.csv')}
        </button>
      </div>
      {children}
    </div>
  );
}
