import type { PathsResult } from '@trailmap/core';
import { useI18n } from '../i18n/i18n.js';

/** The drawn transitions as a table (the chart's accessible equivalent). */
export function EdgesTable({ result }: { result: PathsResult }) {
  const { t, fmt } = useI18n();
  const nodes = new Map(result.nodes.map((n) => [n.id, n]));
  return (
    <section className="paths-table" aria-label={t('paths.edges')}>
      <h2>{t('paths.edges')}</h2>
      <div className="grid-scroll" tabIndex={0}>
        <table className="breakdown" data-testid="paths-edges">
          <thead>
            <tr>
              <th scope="col">{t('paths.edges.from')}</th>
              <th scope="col">{t('paths.edges.to')}</th>
              <th scope="col" className="num">{t('paths.edges.count')}</th>
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
                    <small>{t('paths.step', { n: fmt.int(s?.depth ?? 0) })}</small> {s?.label ?? e.source}
                  </td>
                  <td>
                    <small>{t('paths.step', { n: fmt.int(d?.depth ?? 0) })}</small> {d?.label ?? e.target}
                  </td>
                  <td className="num">{fmt.int(e.count)}</td>
                  <td className="num">{fmt.pct(s && s.count > 0 ? e.count / s.count : null)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Every node with its exact paths and drop-off (the chart's tooltips, readable without a mouse). */
export function NodesTable({ result }: { result: PathsResult }) {
  const { t, fmt } = useI18n();
  return (
    <section className="paths-table" aria-label={t('paths.nodes')}>
      <h2>{t('paths.nodes')}</h2>
      <div className="grid-scroll" tabIndex={0}>
        <table className="breakdown" data-testid="paths-nodes">
          <thead>
            <tr>
              <th scope="col">{t('paths.nodes.step')}</th>
              <th scope="col">{t('paths.nodes.name')}</th>
              <th scope="col" className="num">{t('paths.nodes.count')}</th>
              <th scope="col" className="num">{t('paths.nodes.dropOff')}</th>
              <th scope="col" className="num">{t('paths.nodes.dropOffRate')}</th>
            </tr>
          </thead>
          <tbody>
            {result.nodes.map((n) => (
              <tr key={n.id} data-testid="paths-node" data-id={n.id}>
                <td>{fmt.int(n.depth)}</td>
                <th scope="row">{n.label}</th>
                <td className="num" data-testid="paths-node-count">
                  {fmt.int(n.count)}
                </td>
                <td className="num">{fmt.int(n.dropOff)}</td>
                <td className="num">{fmt.pct(n.count > 0 ? n.dropOff / n.count : null)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
