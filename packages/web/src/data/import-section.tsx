import { useRef, useState, type FormEvent } from 'react';
import { CsvTable } from '../components/csv-download.js';
import { Link } from 'react-router';
import type { ApiFailure } from '../api/client.js';
import { useSession } from '../auth/session.js';
import { useI18n } from '../i18n/i18n.js';
import { formatBytes } from './format-bytes.js';
import { csvColumns, FORMATS, MESSAGE_TYPES, uploadFile, uploadUrl, type ImportReport, type UploadOptions } from './upload.js';

/** Targets offered for a mapped column (any `properties.x`, `traits.x`, `context.a.b` works too). */
const FIELDS = ['userId', 'anonymousId', 'event', 'name', 'timestamp', 'type', 'messageId', 'groupId', 'previousId', 'originalTimestamp', 'sentAt', 'properties', 'traits', 'context', 'properties.revenue', 'traits.email', 'traits.name'];

type Phase =
  | { kind: 'idle' }
  | { kind: 'uploading'; loaded: number; total: number }
  | { kind: 'processing'; total: number }
  | { kind: 'done'; total: number; report: ImportReport }
  | { kind: 'error'; total: number; error: ApiFailure }
  | { kind: 'cancelled' };

interface MapRow {
  column: string;
  field: string;
}

function Report({ report, quarantineHref }: { report: ImportReport; quarantineHref: (file: string) => string }) {
  const { t, fmt } = useI18n();
  const counts = [
    ['rows', report.rows],
    ['accepted', report.accepted],
    ['quarantined', report.quarantined],
    ['duplicates', report.duplicates],
    ...(report.suppressed ? ([['suppressed', report.suppressed]] as const) : []),
  ] as const;
  return (
    <section className="import-report" data-testid="import-report" aria-label={t('data.import.report', { file: report.file })}>
      <h3>{t('data.import.report', { file: report.file })}</h3>
      <dl className="report-counts">
        {counts.map(([k, v]) => (
          <div key={k} className={`count ${k}`}>
            <dt>{t(`data.import.${k}`)}</dt>
            <dd data-testid={`report-${k}`}>{fmt.int(v)}</dd>
          </div>
        ))}
      </dl>
      {report.alreadyImported && <p className="notice">{t('data.import.alreadyImported')}</p>}
      {report.warnings.length > 0 && (
        <>
          <h4>{t('data.import.warnings')}</h4>
          <ul data-testid="report-warnings">
            {report.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </>
      )}
      {report.quarantineSample.length === 0 ? (
        <p>{t('data.import.noneQuarantined')}</p>
      ) : (
        <>
          <h4>{t('data.import.sample', { n: fmt.int(report.quarantineSample.length) })}</h4>
          <div className="grid-scroll">
            <CsvTable name="quarantine-sample">
            <table className="tm-table">
              <thead>
                <tr>
                  <th scope="col" className="num">{t('data.q.line')}</th>
                  <th scope="col">{t('data.q.code')}</th>
                  <th scope="col">{t('data.q.field')}</th>
                  <th scope="col">{t('data.q.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {report.quarantineSample.map((s, i) => (
                  <tr key={i} data-testid="import-sample-row">
                    <td className="num">{s.line === null ? s.record : fmt.int(s.line)}</td>
                    <td className="mono">{s.code}</td>
                    <td className="mono">{s.field ?? '–'}</td>
                    <td className="wrap">{s.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            </CsvTable>
          </div>
          <p>
            <Link to={quarantineHref(report.file)} data-testid="import-see-quarantine">
              {t('data.import.seeQuarantine')}
            </Link>
          </p>
        </>
      )}
    </section>
  );
}

/** `quarantineHref(file)`: the quarantine list of that file's rows. */
export function ImportSection({ quarantineHref }: { quarantineHref: (file: string) => string }) {
  const { t, fmt, locale } = useI18n();
  const { unauthorized } = useSession();
  const [file, setFile] = useState<File | null>(null);
  const [columns, setColumns] = useState<string[]>([]);
  const [format, setFormat] = useState<UploadOptions['format']>('');
  const [rows, setRows] = useState<MapRow[]>([{ column: '', field: '' }]);
  const [unknownColumns, setUnknown] = useState<UploadOptions['unknownColumns']>('error');
  const [type, setType] = useState('');
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [needFile, setNeedFile] = useState(false);
  const abort = useRef<AbortController | null>(null);
  const busy = phase.kind === 'uploading' || phase.kind === 'processing';

  const pickFile = (f: File | null) => {
    setFile(f);
    setNeedFile(false);
    setPhase({ kind: 'idle' });
    setColumns([]);
    if (f && /\.(csv|tsv|txt)$/i.test(f.name)) void csvColumns(f).then(setColumns, () => setColumns([]));
  };

  const setRow = (i: number, r: Partial<MapRow>) => setRows((all) => all.map((row, j) => (j === i ? { ...row, ...r } : row)));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) {
      setNeedFile(true);
      return;
    }
    const map = Object.fromEntries(rows.filter((r) => r.column.trim() && r.field.trim()).map((r) => [r.column.trim(), r.field.trim()]));
    const ctl = new AbortController();
    abort.current = ctl;
    setPhase({ kind: 'uploading', loaded: 0, total: file.size });
    try {
      const report = await uploadFile(
        file,
        uploadUrl(file.name, { format, map, unknownColumns, type }),
        (loaded, total) => setPhase(loaded >= total ? { kind: 'processing', total } : { kind: 'uploading', loaded, total }),
        ctl.signal,
      );
      setPhase({ kind: 'done', total: file.size, report });
    } catch (err) {
      const error = err as ApiFailure;
      if (error.code === 'aborted') setPhase({ kind: 'cancelled' });
      else {
        if (error.status === 401) unauthorized();
        setPhase({ kind: 'error', total: file.size, error });
      }
    } finally {
      abort.current = null;
    }
  };

  const progress = (() => {
    switch (phase.kind) {
      case 'uploading':
        return { value: phase.loaded, max: phase.total || 1, text: t('data.import.uploading', { loaded: formatBytes(locale, phase.loaded), total: formatBytes(locale, phase.total), pct: fmt.pct(phase.total ? phase.loaded / phase.total : 0) }) };
      case 'processing':
        return { value: phase.total || 1, max: phase.total || 1, text: t('data.import.processing', { total: formatBytes(locale, phase.total) }) };
      case 'done':
      case 'error':
        return { value: phase.total || 1, max: phase.total || 1, text: '' };
      default:
        return null;
    }
  })();

  return (
    <section className="data-section" aria-labelledby="import-title">
      <h2 id="import-title">{t('data.import.title')}</h2>
      <p className="intro">{t('data.import.intro')}</p>
      <form className="import-form" onSubmit={submit}>
        <div className="row">
          <label>
            {t('data.import.file')}
            <input type="file" accept=".csv,.tsv,.txt,.jsonl,.ndjson,.json,.parquet" data-testid="import-file" disabled={busy} onChange={(e) => pickFile(e.target.files?.[0] ?? null)} />
          </label>
          <label>
            {t('data.import.format')}
            <select value={format} onChange={(e) => setFormat(e.target.value as UploadOptions['format'])} disabled={busy}>
              <option value="">{t('data.import.format.auto')}</option>
              {FORMATS.map((f) => (
                <option key={f} value={f}>
                  {f}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('data.import.unknown')}
            <select value={unknownColumns} onChange={(e) => setUnknown(e.target.value as UploadOptions['unknownColumns'])} disabled={busy} data-testid="import-unknown">
              <option value="error">{t('data.import.unknown.error')}</option>
              <option value="properties">{t('data.import.unknown.properties')}</option>
            </select>
          </label>
          <label>
            {t('data.import.type')}
            <select value={type} onChange={(e) => setType(e.target.value)} disabled={busy} data-testid="import-type">
              <option value="">{t('data.import.type.none')}</option>
              {MESSAGE_TYPES.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          </label>
        </div>
        {file && <p className="subtitle">{t('data.import.fileInfo', { name: file.name, size: formatBytes(locale, file.size) })}</p>}
        {columns.length > 0 && (
          <p className="subtitle" data-testid="import-columns">
            {t('data.import.columns', { columns: columns.join(', ') })}
          </p>
        )}
        <fieldset className="mapping" disabled={busy}>
          <legend>{t('data.import.mapping')}</legend>
          <p className="hint">{t('data.import.mapping.hint')}</p>
          <datalist id="import-columns-list">
            {columns.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
          <datalist id="import-fields-list">
            {FIELDS.map((f) => (
              <option key={f} value={f} />
            ))}
          </datalist>
          {rows.map((r, i) => (
            <div className="map-row" key={i} role="group" aria-label={t('data.import.mapping.row', { n: i + 1 })} data-testid="map-row">
              <label>
                {t('data.import.mapping.column')}
                <input list="import-columns-list" value={r.column} onChange={(e) => setRow(i, { column: e.target.value })} data-testid={`map-column-${i + 1}`} />
              </label>
              <span aria-hidden="true">→</span>
              <label>
                {t('data.import.mapping.field')}
                <input list="import-fields-list" value={r.field} onChange={(e) => setRow(i, { field: e.target.value })} data-testid={`map-field-${i + 1}`} />
              </label>
              <button type="button" className="tm-button" aria-label={t('data.import.mapping.remove', { n: i + 1 })} onClick={() => setRows((all) => (all.length > 1 ? all.filter((_, j) => j !== i) : [{ column: '', field: '' }]))}>
                ×
              </button>
            </div>
          ))}
          <button type="button" className="tm-button" onClick={() => setRows((all) => [...all, { column: '', field: '' }])} data-testid="map-add">
            {t('data.import.mapping.add')}
          </button>
        </fieldset>
        <div className="row">
          <button type="submit" className="tm-button primary" disabled={busy} data-testid="import-submit">
            {t('data.import.submit')}
          </button>
          {busy && (
            <button type="button" className="tm-button" onClick={() => abort.current?.abort()}>
              {t('data.import.cancel')}
            </button>
          )}
        </div>
        {needFile && (
          <p className="error" role="alert">
            {t('data.import.needFile')}
          </p>
        )}
      </form>
      {progress && (
        <div className="upload-progress" role="status" aria-live="polite">
          <progress value={progress.value} max={progress.max} aria-label={t('data.import.progress')} data-testid="import-progress" data-phase={phase.kind} />
          {progress.text && <span>{progress.text}</span>}
        </div>
      )}
      {phase.kind === 'cancelled' && <p className="state">{t('data.import.cancelled')}</p>}
      {phase.kind === 'error' && (
        <p className="state error" role="alert" data-testid="import-error">
          {t('data.import.failed', { message: phase.error.code === 'network' ? t('data.import.network') : phase.error.message })}
        </p>
      )}
      {phase.kind === 'done' && <Report report={phase.report} quarantineHref={quarantineHref} />}
    </section>
  );
}
