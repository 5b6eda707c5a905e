import { useEffect, useState } from 'react';
import type { TouchpointRule } from '@trailmap/core';
import { apiGet } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { useSession } from '../auth/session.js';
import { ErrorState, Loading } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/messages.en.js';
import { RulesFailure, saveRules, type CatalogueRules, type SavedRules } from './rules-api.js';
import { CHANNELS, checkDraft, CONDITIONS, emptyDraft, SETS, STAGES, toDraft, toRule, TOUCHPOINT_TYPES, type Condition, type DraftRule, type SetField } from './rules-draft.js';

/** An error shown at a field: `rules[2].set.stage`, `rules[0].match.event`, or the list (`rules`). */
interface FieldError {
  field: string;
  text: string;
}

type SaveState = { status: 'idle' } | { status: 'saving' } | { status: 'saved'; saved: SavedRules };

const same = (a: readonly DraftRule[], b: readonly TouchpointRule[]) => JSON.stringify(a.map(toRule)) === JSON.stringify(b);

/**
 * The catalogue editor: the rules edited in the app as an editable, ordered list (they apply
 * first), saved with `PUT /v1/touchpoints/rules` (every stored event is re-classified), then the
 * config file's and the default rules, read-only. `onSaved` refreshes the catalogue table.
 */
export function RulesEditor({ onSaved }: { onSaved(): void }) {
  const { t, fmt } = useI18n();
  const { unauthorized } = useSession();
  const rules = useApi<CatalogueRules>('touchpoint-rules', (signal) => apiGet('/v1/touchpoints/rules', signal));
  const [server, setServer] = useState<CatalogueRules | null>(null);
  const [draft, setDraft] = useState<DraftRule[] | null>(null);
  const [error, setError] = useState<FieldError | null>(null);
  const [save, setSave] = useState<SaveState>({ status: 'idle' });

  useEffect(() => {
    if (rules.status === 'ok' && server === null) {
      setServer(rules.data);
      setDraft(rules.data.edited.map(toDraft));
    }
  }, [rules, server]);

  if (rules.status === 'loading' || (rules.status === 'ok' && (server === null || draft === null))) return <Loading />;
  if (rules.status === 'error') return <ErrorState error={rules.error} retry={rules.retry} />;
  if (server === null || draft === null) return null;

  const dirty = !same(draft, server.edited);
  const edit = (next: DraftRule[]) => {
    setDraft(next);
    setError(null);
    if (save.status === 'saved') setSave({ status: 'idle' });
  };
  const update = (i: number, change: (d: DraftRule) => DraftRule) => edit(draft.map((d, j) => (j === i ? change(d) : d)));
  const move = (i: number, by: -1 | 1) => {
    const next = [...draft];
    const [d] = next.splice(i, 1);
    next.splice(i + by, 0, d!);
    edit(next);
  };
  const problemText = (p: NonNullable<ReturnType<typeof checkDraft>>) =>
    p.kind === 'regex' ? t('data.rules.err.regex', { detail: p.detail }) : p.kind === 're2' ? t('data.rules.err.re2') : t('data.rules.err.noCondition');

  const onSave = async () => {
    const problem = checkDraft(draft);
    if (problem) {
      setError({ field: problem.field, text: problemText(problem) });
      return;
    }
    setError(null);
    setSave({ status: 'saving' });
    try {
      const saved = await saveRules(draft.map(toRule));
      setServer(saved);
      setDraft(saved.edited.map(toDraft));
      setSave({ status: 'saved', saved });
      onSaved();
    } catch (e) {
      setSave({ status: 'idle' });
      const f = e instanceof RulesFailure ? e : new RulesFailure(0, 'unexpected', String(e), null);
      if (f.status === 401) unauthorized();
      setError({ field: f.field ?? 'rules', text: t('data.rules.err.server', { message: f.message }) });
    }
  };

  const rowOf = (field: string) => {
    const m = /^rules\[(\d+)\]/.exec(field);
    return m ? Number(m[1]) : null;
  };
  const errorRow = error ? rowOf(error.field) : null;
  const listError = error && (errorRow === null || errorRow >= draft.length) ? error : null;

  return (
    <div className="cat-rules" data-testid="rules-ready">
      <h3 id="rules-edited-title">{t('data.rules.edited', { n: fmt.int(draft.length) })}</h3>
      <p className="hint">{t('data.rules.intro')}</p>
      {draft.length === 0 && <p className="state empty">{t('data.rules.none')}</p>}
      <ol className="cat-rule-list" aria-labelledby="rules-edited-title">
        {draft.map((d, i) => (
          <RuleRow
            key={d.key}
            index={i}
            count={draft.length}
            rule={d}
            error={errorRow === i ? error : null}
            onChange={(change) => update(i, change)}
            onMove={(by) => move(i, by)}
            onDelete={() => edit(draft.filter((_, j) => j !== i))}
          />
        ))}
      </ol>
      {listError && (
        <p className="form-error" role="alert" data-testid="rules-error">
          {listError.text}
        </p>
      )}
      <div className="cat-rule-actions">
        <button type="button" className="tm-button" onClick={() => edit([...draft, emptyDraft()])} data-testid="rule-add">
          {t('data.rules.add')}
        </button>
        <button type="button" className="tm-button primary" onClick={() => void onSave()} disabled={!dirty || save.status === 'saving'} data-testid="rules-save">
          {save.status === 'saving' ? t('data.rules.saving') : t('data.rules.save')}
        </button>
        <button type="button" className="tm-button" onClick={() => edit(server.edited.map(toDraft))} disabled={!dirty || save.status === 'saving'} data-testid="rules-discard">
          {t('data.rules.discard')}
        </button>
        <span role="status" aria-live="polite" data-testid="rules-status">
          {save.status === 'saving' && t('data.rules.savingHint')}
          {save.status === 'saved' && t('data.rules.saved', { n: fmt.int(save.saved.rules), ms: fmt.int(save.saved.reclassifiedMs) })}
          {save.status === 'idle' && dirty && t('data.rules.unsaved')}
        </span>
      </div>
      <ReadOnlyRules title={t('data.rules.config', { n: fmt.int(server.config.length) })} rules={server.config} empty={t('data.rules.configNone')} testId="rules-config" />
      <ReadOnlyRules
        title={t('data.rules.defaults', { n: fmt.int(server.defaults.length) })}
        rules={server.defaults}
        note={server.replaceDefaults ? t('data.rules.replaced') : undefined}
        empty=""
        testId="rules-defaults"
      />
    </div>
  );
}

function RuleRow(props: {
  index: number;
  count: number;
  rule: DraftRule;
  error: FieldError | null;
  onChange(change: (d: DraftRule) => DraftRule): void;
  onMove(by: -1 | 1): void;
  onDelete(): void;
}) {
  const { t, label, fmt } = useI18n();
  const { index: i, rule: d, error } = props;
  const n = fmt.int(i + 1);
  const errId = `rule-${d.key}-error`;
  const at = (path: string) => (error?.field === `rules[${i}].${path}` ? { 'aria-invalid': true as const, 'aria-describedby': errId } : {});
  const matchAt = (c: Condition) => (c === 'event' && error?.field === `rules[${i}].match` ? at('match') : at(`match.${c}`));
  const setAt = (s: SetField) => (error?.field === `rules[${i}].set` ? at('set') : at(`set.${s}`));
  const moreInError = !!error && CONDITIONS.some((c) => c !== 'event' && error.field === `rules[${i}].match.${c}`);
  const extra = CONDITIONS.filter((c) => c !== 'event' && d.match[c] !== '').length;
  const setMatch = (c: Condition, v: string) => props.onChange((r) => ({ ...r, match: { ...r.match, [c]: v } }));
  const setSet = (s: SetField, v: string) => props.onChange((r) => ({ ...r, set: { ...r.set, [s]: v } }));
  const select = (s: Exclude<SetField, 'touchpoint'>, values: readonly string[], name: (v: string) => string) => (
    <label>
      {t(`data.rules.set.${s}`)}
      <select value={d.set[s]} onChange={(e) => setSet(s, e.target.value)} data-testid={`rule-${s}`} {...setAt(s)}>
        <option value="">{t('data.rules.notSet')}</option>
        {/* A value the form does not know (from an older server) is kept and shown as is. */}
        {d.set[s] !== '' && !values.includes(d.set[s]) && <option value={d.set[s]}>{d.set[s]}</option>}
        {values.map((v) => (
          <option key={v} value={v}>
            {name(v)}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <li className="cat-rule-row" data-testid="rule-row" aria-label={t('data.rules.rule', { n })}>
      <div className="cat-rule-main">
        <span className="cat-rule-n" aria-hidden="true">
          {n}
        </span>
        <label>
          {t('data.rules.match.event')}
          <input type="text" className="mono" value={d.match.event} onChange={(e) => setMatch('event', e.target.value)} placeholder="^Store Visited$" spellCheck={false} data-testid="rule-event" {...matchAt('event')} />
        </label>
        <span className="arrow" aria-hidden="true">
          →
        </span>
        <fieldset className="cat-rule-set" {...(error?.field === `rules[${i}].set` ? { 'aria-invalid': true, 'aria-describedby': errId } : {})} data-testid="rule-set">
          <legend className="cat-visually-hidden">{t('data.rules.sets')}</legend>
          <label>
            {t('data.rules.set.touchpoint')}
            <input type="text" value={d.set.touchpoint} onChange={(e) => setSet('touchpoint', e.target.value)} data-testid="rule-touchpoint" {...setAt('touchpoint')} />
          </label>
          {select('channel', CHANNELS, (v) => t(`data.rules.channel.${v}` as MessageKey))}
          {select('type', TOUCHPOINT_TYPES, (v) => t(`data.tpType.${v}` as MessageKey))}
          {select('stage', STAGES, (v) => label('stage', v))}
        </fieldset>
        <span className="cat-rule-buttons">
          <button type="button" onClick={() => props.onMove(-1)} disabled={i === 0} aria-label={t('data.rules.up', { n })} title={t('data.rules.up', { n })} data-testid="rule-up">
            ↑
          </button>
          <button type="button" onClick={() => props.onMove(1)} disabled={i === props.count - 1} aria-label={t('data.rules.down', { n })} title={t('data.rules.down', { n })} data-testid="rule-down">
            ↓
          </button>
          <button type="button" onClick={props.onDelete} aria-label={t('data.rules.delete', { n })} title={t('data.rules.delete', { n })} data-testid="rule-delete">
            ✕
          </button>
        </span>
      </div>
      <details className="cat-rule-more" open={moreInError || undefined}>
        <summary>{t('data.rules.more', { n: fmt.int(extra) })}</summary>
        <div className="cat-rule-conds">
          {CONDITIONS.filter((c) => c !== 'event').map((c) => (
            <label key={c}>
              {t(`data.rules.match.${c}`)}
              <input type="text" className="mono" value={d.match[c]} onChange={(e) => setMatch(c, e.target.value)} spellCheck={false} data-testid={`rule-${c}`} {...matchAt(c)} />
            </label>
          ))}
          {d.types.length > 0 && <p className="hint">{t('data.rules.types', { types: d.types.join(', ') })}</p>}
        </div>
      </details>
      {error && (
        <p className="form-error" role="alert" id={errId} data-testid="rule-error" data-field={error.field}>
          {error.text}
        </p>
      )}
    </li>
  );
}

function ReadOnlyRules({ title, rules, note, empty, testId }: { title: string; rules: readonly TouchpointRule[]; note?: string; empty: string; testId: string }) {
  const { t, label } = useI18n();
  const condition = (c: string, v: unknown) => `${t(`data.rules.match.${c}` as MessageKey)} ~ ${Array.isArray(v) ? v.join(' | ') : String(v)}`;
  const value = (s: string, v: string) =>
    s === 'touchpoint' ? v : s === 'stage' ? label('stage', v) : s === 'channel' ? t(`data.rules.channel.${v}` as MessageKey) : t(`data.tpType.${v}` as MessageKey);
  return (
    <details className="cat-rules-readonly" data-testid={testId}>
      <summary>{title}</summary>
      {note && <p className="notice">{note}</p>}
      {rules.length === 0 ? (
        <p className="state empty">{empty}</p>
      ) : (
        <div className="grid-scroll">
          <table className="tm-table">
            <thead>
              <tr>
                <th scope="col" className="num">
                  #
                </th>
                <th scope="col">{t('data.rules.when')}</th>
                <th scope="col">{t('data.rules.sets')}</th>
              </tr>
            </thead>
            <tbody>
              {rules.map((r, i) => (
                <tr key={i} data-testid={`${testId}-row`}>
                  <td className="num">{i + 1}</td>
                  <td className="mono">{Object.entries(r.match).map(([c, v]) => condition(c, v)).join(' · ')}</td>
                  <td>{SETS.filter((s) => r.set[s] !== undefined).map((s) => `${t(`data.rules.set.${s}`)}: ${value(s, r.set[s]!)}`).join(' · ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </details>
  );
}
