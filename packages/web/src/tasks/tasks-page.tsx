import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { isServiceTaskOverdue, SERVICE_TASK_PRIORITIES, SERVICE_TASK_SOURCES, SERVICE_TASK_STATUSES, type ServiceTask, type ServiceTaskListAnswer } from '@trailmap/core';
import { useApi } from '../api/use-api.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { sessionInfo } from '../data/keys-api.js';
import { useI18n } from '../i18n/i18n.js';
import { formatDateTime } from '../people/datetime.js';
import { listTasks, scanTasks } from './tasks-api.js';
import { TaskActions } from './task-actions.js';
import '../people/people.css';
import '../data/data.css';
import './tasks.css';

const FILTERS = ['status', 'priority', 'source', 'owner', 'overdue'] as const;
type Filter = (typeof FILTERS)[number];
const PAGE = 50;

/** The service task list (`GET /v1/tasks`): filters in the address, the open list by due time, assign and close for an admin session. */
export function TasksPage() {
  const { t, locale } = useI18n();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const current = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? ''])) as Record<Filter, string>;
  const [draft, setDraft] = useState(current);
  const key = params.toString();
  useEffect(() => setDraft(current), [key]); // eslint-disable-line react-hooks/exhaustive-deps
  const [limit, setLimit] = useState(PAGE);
  const [generation, setGeneration] = useState(0);
  const [scanNote, setScanNote] = useState<string | null>(null);
  useEffect(() => setLimit(PAGE), [key]);
  const q = new URLSearchParams([...Object.entries(current).filter(([, v]) => v !== ''), ['limit', String(limit)]]).toString();
  const tasks = useApi<ServiceTaskListAnswer>(`/v1/tasks?${q}#${generation}`, (signal) => listTasks(q, signal));
  const session = useApi('/web/session', (signal) => sessionInfo(signal));
  const admin = session.status === 'ok' && session.data.admin !== null;
  const changed = () => setGeneration((g) => g + 1);
  const apply = (f: Record<Filter, string>) => {
    const kept = Object.entries(f).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, v.trim()]);
    navigate(`/tasks${kept.length ? `?${new URLSearchParams(kept)}` : ''}`);
  };
  const now = Date.now();
  const select = (f: 'status' | 'priority' | 'source', values: readonly string[], any: string) => (
    <label key={f}>
      {t(`tasks.filter.${f}`)}
      <select value={draft[f]} onChange={(e) => setDraft({ ...draft, [f]: e.target.value })} data-testid={`tasks-filter-${f}`}>
        <option value="">{any}</option>
        {values.map((v) => (
          <option key={v} value={v}>
            {t(`tasks.${f}.${v}` as never)}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <main className="page tasks" aria-labelledby="tasks-title" aria-busy={tasks.status === 'loading'}>
      <header className="page-head">
        <h1 id="tasks-title">{t('tasks.title')}</h1>
        <p className="subtitle">{t('tasks.intro')}</p>
      </header>
      <form className="filters" aria-label={t('tasks.filters')} onSubmit={(e) => { e.preventDefault(); apply(draft); }}>
        {select('status', SERVICE_TASK_STATUSES, t('tasks.filter.notClosed'))}
        {select('priority', SERVICE_TASK_PRIORITIES, t('tasks.filter.any'))}
        {select('source', SERVICE_TASK_SOURCES, t('tasks.filter.any'))}
        <label>
          {t('tasks.filter.owner')}
          <input type="search" value={draft.owner} onChange={(e) => setDraft({ ...draft, owner: e.target.value })} data-testid="tasks-filter-owner" />
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={draft.overdue === 'true'} onChange={(e) => setDraft({ ...draft, overdue: e.target.checked ? 'true' : '' })} data-testid="tasks-filter-overdue" />
          {t('tasks.filter.overdue')}
        </label>
        <button type="submit" className="tm-button" data-testid="tasks-apply">{t('tasks.apply')}</button>
        {key && <Link to="/tasks" className="tm-button">{t('tasks.clear')}</Link>}
      </form>
      {session.status === 'ok' && !admin && (
        <p className="notice" data-testid="tasks-needs-admin">
          {t('tasks.needsAdmin')} <Link to="/data?tab=keys">{t('tasks.signIn')}</Link>
        </p>
      )}
      {admin && (
        <p>
          <button type="button" className="tm-button" data-testid="tasks-scan" onClick={async () => {
            try {
              const r = await scanTasks();
              setScanNote(t('tasks.scanned', { created: String(r.created), proposed: String(r.proposed) }));
              changed();
            } catch (e) {
              setScanNote(t('tasks.failed', { message: e instanceof Error ? e.message : String(e) }));
            }
          }}>{t('tasks.scan')}</button>
          {scanNote && <span role="status" className="subtitle" data-testid="tasks-scan-note"> {scanNote}</span>}
        </p>
      )}
      {tasks.status === 'loading' && <Loading />}
      {tasks.status === 'error' && <ErrorState error={tasks.error} retry={tasks.retry} />}
      {tasks.status === 'ok' && tasks.data.tasks.length === 0 && <Empty text={t('tasks.empty')} />}
      {tasks.status === 'ok' && tasks.data.tasks.length > 0 && (
        <div data-testid="tasks-ready">
          <p className="subtitle">{t('tasks.shown', { n: String(tasks.data.tasks.length), total: String(tasks.data.total) })}</p>
          <div className="grid-scroll">
            <table className="tm-table" data-testid="tasks-table">
              <thead>
                <tr>
                  {(['priority', 'title', 'source', 'person', 'owner', 'due', 'status', ...(admin ? ['actions' as const] : [])] as const).map((c) => (
                    <th key={c} scope="col">{t(`tasks.col.${c}`)}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {tasks.data.tasks.map((task: ServiceTask) => {
                  const overdue = isServiceTaskOverdue(task, now);
                  return (
                    <tr key={task.id} data-testid="task-row" data-task-id={task.id} data-source={task.source} className={overdue ? 'overdue' : undefined}>
                      <td><span className={`priority priority-${task.priority}`}>{t(`tasks.priority.${task.priority}`)}</span></td>
                      <td>{task.title}</td>
                      <td>{t(`tasks.source.${task.source}`)}</td>
                      <td><Link to={`/people?person=${encodeURIComponent(task.personId)}`} data-testid="task-person"><code>{task.personId}</code></Link></td>
                      <td data-testid="task-owner">{task.owner ?? <em>{t('tasks.unassigned')}</em>}</td>
                      <td data-testid="task-due">
                        {task.dueAt ? formatDateTime(locale, task.dueAt) : t('tasks.noDue')}
                        {overdue && <strong className="overdue-badge" data-testid="task-overdue"> {t('tasks.overdue')}</strong>}
                      </td>
                      <td data-testid="task-status">{t(`tasks.status.${task.status}`)}</td>
                      {admin && <td>{task.status !== 'closed' && <TaskActions task={task} onChanged={changed} />}</td>}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {tasks.data.total > tasks.data.tasks.length && (
            <button type="button" className="tm-button" onClick={() => setLimit((l) => Math.min(l + PAGE, 500))} data-testid="tasks-more">{t('tasks.more')}</button>
          )}
        </div>
      )}
    </main>
  );
}
