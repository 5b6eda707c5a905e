import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { journeyDefinitionSchema, type JourneyDefinition, type JourneyDetail, type JourneyStats, type JourneyStepType, type JourneyValidation } from '@trailmap/core';
import { useApi } from '../api/use-api.js';
import { ErrorState, Loading } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import { ReactFlowProvider } from '@xyflow/react';
import { JourneyCanvas } from './journey-canvas.js';
import { addStep, deleteStep, layout, STEP_TYPES, TRIGGER_NODE, withPositions } from './journey-graph.js';
import { getJourney, getJourneyStats, saveJourney, validateJourney } from './journeys-api.js';
import { clientIssues, issueStep, mergeIssues, serverIssues, stepIssues, type Issue } from './journey-validation.js';
import { JsonView } from './json-view.js';
import { IssuesList } from './issues-list.js';
import { StepForm } from './step-form.js';
import { SettingsForm } from './settings-form.js';
import { PreviewPanel } from './preview-panel.js';
import { HoldoutPanel } from './holdout-panel.js';
import { StatsSummary } from './stats-summary.js';
import { LifecycleBar } from './lifecycle-bar.js';
import { NeedsAdmin, useCanWrite, useLangHref } from './use-admin.js';
import '../people/people.css';
import '../data/data.css';
import './journeys.css';

/** The journey builder (`/journeys/:id`): the draft on a canvas with live counts, a form per step, validation, save and the lifecycle. */
export function BuilderPage() {
  const { id = '' } = useParams();
  const detail = useApi(`/v1/journeys/${id}`, (signal) => getJourney(id, signal));
  return (
    <main className="page journey-builder" aria-labelledby="builder-title" aria-busy={detail.status === 'loading'}>
      {detail.status === 'loading' && <Loading />}
      {detail.status === 'error' && <ErrorState error={detail.error} retry={detail.retry} />}
      {detail.status === 'ok' && (
        <ReactFlowProvider>
          <Builder initial={detail.data} />
        </ReactFlowProvider>
      )}
    </main>
  );
}

const STATS_EVERY_MS = 15_000;

/** The definition with the schema's defaults filled in (as the forms show them), when it parses. */
function normalized(d: JourneyDetail): JourneyDetail {
  const r = journeyDefinitionSchema.safeParse(d.definition);
  return r.success ? { ...d, definition: r.data } : d;
}

function Builder({ initial }: { initial: JourneyDetail }) {
  const { t } = useI18n();
  const href = useLangHref();
  const canWrite = useCanWrite();
  const [saved, setSaved] = useState(() => normalized(initial));
  const [draft, setDraft] = useState<JourneyDefinition>(() => normalized(initial).definition);
  const [selected, setSelected] = useState<string | null>(null);
  const [view, setView] = useState<'canvas' | 'json'>('canvas');
  const [addType, setAddType] = useState<JourneyStepType>('send');
  const [tick, setTick] = useState(0);
  const [version, setVersion] = useState<number | null>(null);
  const stats = useApi(`/v1/journeys/${saved.id}/stats?v=${version}#${tick}`, (signal) => getJourneyStats(saved.id, version, signal));
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), STATS_EVERY_MS);
    return () => clearInterval(timer);
  }, []);
  const dirty = useMemo(() => JSON.stringify(draft) !== JSON.stringify(saved.definition), [draft, saved]);
  const readOnlyNow = canWrite !== true || saved.status === 'archived';
  // The last counts stay on screen while the next poll loads.
  const [lastStats, setLastStats] = useState<JourneyStats | null>(null);
  useEffect(() => {
    if (stats.status === 'ok') setLastStats(stats.data);
  }, [stats.status === 'ok' ? stats.data : null]); // eslint-disable-line react-hooks/exhaustive-deps

  const client = useMemo(() => clientIssues(draft), [draft]);
  const [server, setServer] = useState<{ for: JourneyDefinition; issues: Issue[] } | null>(null);
  const [checking, setChecking] = useState(false);
  useEffect(() => {
    const ctl = new AbortController();
    setChecking(true);
    const timer = setTimeout(() => {
      validateJourney(draft, ctl.signal).then(
        (v: JourneyValidation | null) => {
          // Aborted while its body was read (a newer draft is being checked), the answer is null.
          if (ctl.signal.aborted || !v) return;
          setServer({ for: draft, issues: serverIssues(v) });
          setChecking(false);
        },
        () => !ctl.signal.aborted && setChecking(false),
      );
    }, 500);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [draft]);
  const issues = useMemo(() => mergeIssues(client, server?.for === draft ? server.issues : []), [client, server, draft]);
  const perStep = useMemo(() => {
    const m = new Map<string, number>();
    for (const i of issues) {
      const s = issueStep(draft, i);
      if (s) m.set(s, (m.get(s) ?? 0) + 1);
    }
    return m;
  }, [issues, draft]);

  const step = selected && selected !== TRIGGER_NODE ? draft.steps.find((s) => s.id === selected) : undefined;
  const change = useCallback((d: JourneyDefinition) => setDraft(d), []);
  const onSaved = (answer: JourneyDetail) => {
    const d = normalized(answer);
    setSaved(d);
    setDraft(d.definition);
    setTick((n) => n + 1);
  };
  const add = () => {
    const pos = layout(draft);
    const lowest = Math.max(0, ...[...pos.values()].map((p) => p.y));
    const r = addStep(draft, addType, { x: 0, y: lowest + 150 });
    setDraft(r.def);
    setSelected(r.id);
  };

  return (
    <>
      <header className="page-head">
        <div>
          <p className="subtitle">
            <Link to={href('/journeys')}>{t('journeys.title')}</Link>
          </p>
          <h1 id="builder-title" data-testid="builder-title">
            {draft.name}
          </h1>
          {draft.description && <p className="subtitle">{draft.description}</p>}
        </div>
        <Link className="tm-button" to={href(`/messages?journeyId=${encodeURIComponent(saved.id)}`)} data-testid="builder-messages-link">
          {t('jb.messages')}
        </Link>
      </header>
      {canWrite === false && <NeedsAdmin />}
      <LifecycleBar saved={saved} draft={draft} dirty={dirty} hasIssues={client.length > 0} canWrite={canWrite === true} onSaved={onSaved} save={() => saveJourney(saved.id, draft)} />
      <div className="builder-tabs" role="tablist" aria-label={t('jb.views')}>
        {(['canvas', 'json'] as const).map((v) => (
          <button key={v} type="button" role="tab" id={`builder-tab-${v}`} aria-controls={`builder-panel-${v}`} aria-selected={view === v} className={view === v ? 'active' : ''} onClick={() => setView(v)} data-testid={`builder-view-${v}`}>
            {t(`jb.view.${v}`)}
          </button>
        ))}
      </div>
      {view === 'canvas' ? (
        <div className="builder-body" role="tabpanel" id="builder-panel-canvas" aria-labelledby="builder-tab-canvas">
          <div className="builder-main">
            <div className="canvas-toolbar" role="toolbar" aria-label={t('jb.toolbar')}>
              <label>
                {t('jb.add.type')}
                <select value={addType} onChange={(e) => setAddType(e.target.value as JourneyStepType)} disabled={readOnlyNow} data-testid="add-step-type">
                  {STEP_TYPES.map((s) => (
                    <option key={s} value={s}>
                      {t(`jb.type.${s}`)}
                    </option>
                  ))}
                </select>
              </label>
              <button type="button" className="tm-button" onClick={add} disabled={readOnlyNow} data-testid="add-step">
                {t('jb.add.submit')}
              </button>
              <button type="button" className="tm-button" onClick={() => setDraft(withPositions(draft, layout(draft, true)))} disabled={readOnlyNow} data-testid="auto-layout">
                {t('jb.layout')}
              </button>
              {saved.versions.length > 0 && (
                <label>
                  {t('jb.countsOf')}
                  <select value={version ?? ''} onChange={(e) => setVersion(e.target.value === '' ? null : Number(e.target.value))} data-testid="stats-version">
                    <option value="">{t('jb.countsOf.all')}</option>
                    {saved.versions.map((v) => (
                      <option key={v.version} value={v.version}>
                        {t('journeys.version', { n: v.version })}
                      </option>
                    ))}
                  </select>
                </label>
              )}
              <span className="subtitle">{t('jb.canvasHint')}</span>
            </div>
            <JourneyCanvas def={draft} stats={lastStats} issues={perStep} selected={selected} onSelect={setSelected} onChange={change} readOnly={readOnlyNow} />
          </div>
          <aside className="builder-side" aria-label={t('jb.side')} data-testid="builder-side">
            {step ? (
              <>
                <StepForm
                  key={step.id}
                  def={draft}
                  step={step}
                  issues={stepIssues(draft, issues, step.id)}
                  onChange={change}
                  onRename={setSelected}
                  onDelete={() => {
                    setDraft(deleteStep(draft, step.id));
                    setSelected(null);
                  }}
                  readOnly={readOnlyNow}
                />
                {step.type === 'send' && <PreviewPanel journeyId={saved.id} stepId={step.id} dirty={dirty} />}
              </>
            ) : (
              <>
                <SettingsForm def={draft} issues={issues} onChange={change} readOnly={readOnlyNow} />
                <p className="subtitle">{t('jb.side.hint')}</p>
              </>
            )}
          </aside>
        </div>
      ) : (
        <div role="tabpanel" id="builder-panel-json" aria-labelledby="builder-tab-json">
          <JsonView def={draft} onChange={change} readOnly={readOnlyNow} />
        </div>
      )}
      <IssuesList def={draft} issues={issues} checking={checking} onSelect={(s) => { setSelected(s); setView('canvas'); }} />
      {lastStats && (
        <>
          <StatsSummary stats={lastStats} />
          <HoldoutPanel stats={lastStats} />
        </>
      )}
      {stats.status === 'error' && <ErrorState error={stats.error} retry={stats.retry} />}
    </>
  );
}
