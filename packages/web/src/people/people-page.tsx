import { Fragment, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { apiGet } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import { formatDateTime } from './datetime.js';
import { PeopleFilters } from './people-filters.js';
import { idParts, MAX_LIMIT, PAGE_SIZE, peopleApiQuery, readPeopleQuery, writePeopleQuery, type PeopleAnswer, type PeopleQuery } from './people-types.js';
import { ProfileView } from './profile-view.js';
import './people.css';

/** An id that wraps only after its separators (never mid-word). */
function Id({ id }: { id: string }) {
  return (
    <span className="id">
      {idParts(id).map((part, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </span>
  );
}

function PeopleList({ query, set }: { query: PeopleQuery; set(q: Partial<PeopleQuery>): string }) {
  const { t, fmt, locale } = useI18n();
  const path = `/v1/people?${peopleApiQuery(query, { limit: String(query.limit) })}`;
  const people = useApi<PeopleAnswer>(path, (signal) => apiGet(path, signal));
  const filtered = query.persona !== null || query.traits.length > 0;
  return (
    <section className="people-list" aria-label={t('people.results')} aria-busy={people.status === 'loading'}>
      <h2>{query.q ? t('people.results.for', { q: query.q }) : t('people.results.recent')}</h2>
      {people.status === 'loading' && <Loading />}
      {people.status === 'error' && <ErrorState error={people.error} retry={people.retry} />}
      {people.status === 'ok' && people.data.people.length === 0 && (
        <Empty text={query.q ? t('people.results.none', { q: query.q }) : filtered ? t('people.results.filtered') : t('people.results.empty')} />
      )}
      {people.status === 'ok' && people.data.people.length > 0 && (
        <div data-testid="people-results" data-total={people.data.total}>
          <div className="people-summary">
            <p className="subtitle" data-testid="people-total">
              {t('people.total', { total: fmt.int(people.data.total), n: fmt.int(people.data.people.length) })}
            </p>
            <a className="export-button" href={`/v1/people?${peopleApiQuery(query, { format: 'csv' })}`} download="people.csv" data-testid="people-csv" aria-label={t('people.csv.label')}>
              {t('people.csv', { n: fmt.int(people.data.total) })}
            </a>
          </div>
          <div className="grid-scroll">
            <table className="people-table" data-testid="people-table">
              <thead>
                <tr>
                  <th scope="col">{t('people.col.person')}</th>
                  <th scope="col">{t('people.col.identities')}</th>
                  {people.data.columns.map((c) => (
                    <th key={c} scope="col" data-testid="people-trait-col">
                      {c}
                    </th>
                  ))}
                  <th scope="col" className="num">{t('people.col.events')}</th>
                  <th scope="col">{t('people.col.lastSeen')}</th>
                </tr>
              </thead>
              <tbody>
                {people.data.people.map((p) => {
                  const name = p.name ?? p.email ?? p.personId;
                  const selected = p.personId === query.person;
                  return (
                    <tr key={p.personId} className={selected ? 'selected' : undefined} data-testid="person-row" data-person-id={p.personId}>
                      <th scope="row">
                        <Link to={`?${set({ person: p.personId })}`} aria-current={selected ? 'true' : undefined} aria-label={t('people.open', { name })} data-testid="person-link">
                          {p.name ?? t('people.unnamed')}
                        </Link>
                        {p.email && <small className="person-email">{p.email}</small>}
                      </th>
                      <td>
                        <ul className="id-list">
                          {p.identities.map((id) => (
                            <li key={id}>
                              <Id id={id} />
                            </li>
                          ))}
                        </ul>
                      </td>
                      {people.data.columns.map((c) => (
                        <td key={c} data-testid="person-trait">
                          {p.traits[c] ?? '–'}
                        </td>
                      ))}
                      <td className="num" data-testid="person-events">
                        {fmt.int(p.events)}
                      </td>
                      <td>{formatDateTime(locale, p.lastSeen)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {people.data.people.length === query.limit && query.limit < MAX_LIMIT && query.limit < people.data.total && (
            <Link className="more" to={`?${set({ limit: Math.min(MAX_LIMIT, query.limit + PAGE_SIZE) })}`}>
              {t('people.more')}
            </Link>
          )}
        </div>
      )}
    </section>
  );
}

export function PeoplePage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const query = readPeopleQuery(params);
  const [text, setText] = useState(query.q);
  // A shared URL or the back button changes the query: show it in the box.
  useEffect(() => setText(query.q), [query.q]);
  const set = (q: Partial<PeopleQuery>) => writePeopleQuery({ ...query, ...q }, params).toString();
  // A new search or filter starts again at the first page.
  const apply = (q: Partial<PeopleQuery>) => setParams(writePeopleQuery({ ...query, limit: PAGE_SIZE, ...q }, params));

  return (
    <main className="page people">
      <header className="page-head">
        <h1>{t('people.title')}</h1>
        <form
          className="filters people-search"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            apply({ q: text.trim() });
          }}
        >
          <label>
            {t('people.search')}
            <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder={t('people.search.hint')} data-testid="people-search" maxLength={200} />
          </label>
          <button type="submit" data-testid="people-search-submit">
            {t('people.search.submit')}
          </button>
          {query.q && (
            <button type="button" onClick={() => apply({ q: '' })}>
              {t('people.search.clear')}
            </button>
          )}
        </form>
      </header>
      <PeopleFilters query={query} apply={apply} />
      <div className="people-layout">
        <PeopleList query={query} set={set} />
        <section className="profile-panel" aria-label={t('people.profile')}>
          {query.person ? <ProfileView id={query.person} closeHref={`?${set({ person: null })}`} /> : <Empty text={t('people.pick')} />}
        </section>
      </div>
    </main>
  );
}
