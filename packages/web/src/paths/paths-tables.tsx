import type { ReactNode } from 'react';
import { CsvTable } from '../components/csv-download.js';
import type { PathsResult } from '@trailmap/core';
import type { PathsCount } from './paths-query.js';
import { useDisplayNames } from '../api/display-names.js';
import { useI18n } from '../i18n/i18n.js';

/** A titled, scrollable table section (the chart's tables share it). */
function TableSection({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  return (
    <section className="paths-table" aria-label={title}>
      <h2>{title}</h2>
      <div className="grid-scroll" tabIndex={0}>
        <CsvTable name={title}>
        <table className="breakdown" data-testid={testId}>
          {children}
        </table>
        </CsvTable>
      </div>
    </section>
  );
}

/** The drawn transitions as a table (the chart's accessible equivalent). */
export function EdgesTable({ result, count }: { result: PathsResult; count: PathsCount }) {
  const { t, fmt } = useI18n();
  const names = useDisplayNames();
  const nodes = new Map(result.nodes.map((n) => [n.id, n]));
  return (
    <TableSection title={t('paths.edges')} testId="paths-edges">
      <thead>
        <tr>
          <th scope="col">{t('paths.edges.from')}</th>
          <th scope="col">{t('paths.edges.to')}</th>
          <th scope="col" className="num">{t(`paths.unit.${count}`)}</th>
          <th scope="col" className="num">{t('paths.edges.share')}</th>
        </tr>
      </thead>
      <tbody>
        {result.edges.map((e) => {
          const s = nodes.get(e.source);
          const d = nodes.get(e.target);
          return (
            <tr key={`${e.source}→${e.target}`} data-testid="paths-edge">
              <td>
                <small>{t('paths.step', { n: fmt.int(s?.depth ?? 0) })}</small> {names.touchpoint(s?.label ?? e.source)}
              </td>
              <td>
                <small>{t('paths.step', { n: fmt.int(d?.depth ?? 0) })}</small> {names.touchpoint(d?.label ?? e.target)}
              </td>
              <td className="num">{fmt.int(e.count)}</td>
              <td className="num">{fmt.pct(e.share)}</td>
            </tr>
          );
        })}
      </tbody>
    </TableSection>
  );
}

/** Every node with its exact paths and drop-off (the chart's tooltips, readable without a mouse). */
export function NodesTable({ result, count }: { result: PathsResult; count: PathsCount }) {
  const { t, fmt } = useI18n();
  const names = useDisplayNames();
  return (
    <TableSection title={t('paths.nodes')} testId="paths-nodes">
      <thead>
        <tr>
          <th scope="col">{t('paths.nodes.step')}</th>
          <th scope="col">{t('paths.nodes.name')}</th>
          <th scope="col" className="num">{t(`paths.unit.${count}`)}</th>
          <th scope="col" className="num">{t('paths.nodes.dropOff')}</th>
          <th scope="col" className="num">{t('paths.nodes.dropOffRate')}</th>
        </tr>
      </thead>
      <tbody>
        {result.nodes.map((n) => (
          <tr key={n.id} data-testid="paths-node" data-id={n.id}>
            <td>{fmt.int(n.depth)}</td>
            <th scope="row">{names.touchpoint(n.label)}</th>
            <td className="num" data-testid="paths-node-count">
              {fmt.int(n.count)}
            </td>
            <td className="num">{fmt.int(n.dropOff)}</td>
            <td className="num">{fmt.pct(n.dropOffShare)}</td>
          </tr>
        ))}
      </tbody>
    </TableSection>
  );
}

/** The most common complete paths (each session's steps from the anchor, in order). */
export function TopPathsTable({ result, count }: { result: PathsResult; count: PathsCount }) {
  const { t, fmt } = useI18n();
  const names = useDisplayNames();
  if (!result.topPaths?.length) return null;
  return (
    <TableSection title={t('paths.full')} testId="paths-top">
      <thead>
        <tr>
          <th scope="col">{t('paths.full.path')}</th>
          <th scope="col" className="num">{t(`paths.unit.${count}`)}</th>
          <th scope="col" className="num">{t('paths.full.share')}</th>
        </tr>
      </thead>
      <tbody>
        {result.topPaths.map((p) => (
          <tr key={JSON.stringify(p.steps)} data-testid="paths-top-row">
            <td>{p.steps.map((x) => names.touchpoint(x)).join(' → ')}</td>
            <td className="num">{fmt.int(p.count)}</td>
            <td className="num">{fmt.pct(p.share)}</td>
          </tr>
        ))}
      </tbody>
    </TableSection>
  );
}
