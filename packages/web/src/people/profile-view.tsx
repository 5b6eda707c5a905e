import { Fragment, useState } from 'react';
import { CsvTable } from '../components/csv-download.js';
import { Link } from 'react-router';
import { apiGet } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import { formatDateTime, valueText } from './datetime.js';
import type { Profile } from './people-types.js';
import { ProfileScores } from './profile-scores.js';

function Traits({ profile }: { profile: Profile }) {
  const { t, locale } = useI18n();
  const [open, setOpen] = useState<Set<string>>(new Set());
  const names = Object.keys(profile.traits).sort();
  if (names.length === 0) return <Empty text={t('people.traits.none')} />;
  const toggle = (name: string) =>
    setOpen((s) => {
      const next = new Set(s);
      if (next.has(name)) next.delete(name);
      else next.add(name);
      return next;
    });
  return (
    <CsvTable name={t('people.traits')}>
    <table className="kv-table" data-testid="profile-traits">
      <thead>
        <tr>
          <th scope="col">{t('people.trait.name')}</th>
          <th scope="col">{t('people.trait.value')}</th>
          <th scope="col">{t('people.trait.history')}</th>
        </tr>
      </thead>
      <tbody>
        {names.map((name, index) => {
          const history = profile.traitHistory[name] ?? [];
          const isOpen = open.has(name);
          const historyId = `trait-history-${index}`;
          return (
            <Fragment key={name}>
              <tr data-testid="trait-row" data-trait={name}>
                <th scope="row">{name}</th>
                <td className="wrap">{valueText(profile.traits[name])}</td>
                <td>
                  {history.length > 0 && (
                    <button type="button" className="link-button" aria-expanded={isOpen} aria-controls={historyId} onClick={() => toggle(name)}>
                      {isOpen ? t('people.trait.hideHistory') : t('people.trait.showHistory', { n: history.length })}
                    </button>
                  )}
                </td>
              </tr>
              {isOpen && (
                <tr id={historyId} className="history-row">
                  <td colSpan={3}>
                    <table className="history" aria-label={t('people.trait.historyOf', { trait: name })} data-testid="trait-history">
                      <thead>
                        <tr>
                          <th scope="col">{t('people.trait.at')}</th>
                          <th scope="col">{t('people.trait.value')}</th>
                          <th scope="col">{t('people.trait.messageId')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {[...history].reverse().map((h, i) => (
                          <tr key={i}>
                            <td>{formatDateTime(locale, h.at)}</td>
                            <td className="wrap">{valueText(h.value)}</td>
                            <td className="mono">{h.messageId}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
    </CsvTable>
  );
}

/** The saved segments the person is in now, and the values of the saved computed traits. */
function Customer({ profile }: { profile: Profile }) {
  const { t, locale } = useI18n();
  const segments = profile.segments ?? [];
  const computed = profile.computedTraits;
  return (
    <div data-testid="profile-customer">
      <h4>{t('people.segments')}</h4>
      {segments.length === 0 ? (
        <Empty text={t('people.segments.none')} />
      ) : (
        <ul className="consent" data-testid="profile-segments">
          {segments.map((s) => (
            <li key={s.key} data-segment={s.key}>
              <span>{s.name}</span> <span className="subtitle">{t('people.segments.since', { at: formatDateTime(locale, s.enteredAt) })}</span>
            </li>
          ))}
        </ul>
      )}
      <h4>{t('people.computed')}</h4>
      {!computed || computed.values.length === 0 ? (
        <Empty text={t('people.computed.none')} />
      ) : (
        <>
          <table className="data" data-testid="profile-computed">
            <tbody>
              {computed.values.map((v) => (
                <tr key={v.key} data-trait={v.key}>
                  <th scope="row">{v.name}</th>
                  <td>{v.value === null ? '—' : String(v.value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="subtitle">{t('people.computed.asOf', { at: formatDateTime(locale, computed.asOf) })}</p>
        </>
      )}
    </div>
  );
}

function Consent({ profile }: { profile: Profile }) {
  const { t, locale } = useI18n();
  const c = profile.consent;
  const cats = Object.entries(c.categories).sort(([a], [b]) => (a < b ? -1 : 1));
  const purposes = Object.entries(c.purposes ?? {});
  const purposeName = (p: string) => (KNOWN_PURPOSES.includes(p) ? t(`people.consent.purpose.${p}` as never) : p);
  const sourceName = (s: string) => t(`people.consent.source.${s}` as never);
  const history = c.history ?? [];
  return (
    <>
      {purposes.length > 0 && (
        <div data-testid="profile-consent-purposes">
          <p className="subtitle" data-testid="profile-consent-region">
            {c.country ? t('people.consent.region', { country: c.country, region: c.region ?? 'other' }) : t('people.consent.regionUnknown', { region: c.region ?? 'other' })}
          </p>
          {c.purposes?.analytics?.granted === false && (
            <p className="subtitle" role="note" data-testid="profile-consent-excluded">
              {t('people.consent.excluded')}
            </p>
          )}
          <table className="data">
            <caption>{t('people.consent.purposes')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('people.consent.purpose')}</th>
                <th scope="col">{t('people.consent.choice')}</th>
                <th scope="col">{t('people.consent.basis')}</th>
              </tr>
            </thead>
            <tbody>
              {purposes.map(([p, v]) => (
                <tr key={p} data-purpose={p} data-granted={String(v.granted)} data-basis={v.basis}>
                  <th scope="row">{purposeName(p)}</th>
                  <td className={v.granted ? 'granted' : 'denied'}>{v.granted ? t('people.consent.granted') : t('people.consent.denied')}</td>
                  <td>
                    {v.basis === 'explicit' && v.at && v.source
                      ? t('people.consent.explicit', { at: formatDateTime(locale, v.at), source: sourceName(v.source) })
                      : t('people.consent.default', { region: c.region ?? 'other' })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {history.length === 0 ? (
            <p className="subtitle">{t('people.consent.historyNone')}</p>
          ) : (
            <details data-testid="profile-consent-history">
              <summary>{t('people.consent.history', { n: history.length })}</summary>
              <table className="data">
                <thead>
                  <tr>
                    <th scope="col">{t('people.consent.at')}</th>
                    <th scope="col">{t('people.consent.purpose')}</th>
                    <th scope="col">{t('people.consent.choice')}</th>
                    <th scope="col">{t('people.consent.source')}</th>
                  </tr>
                </thead>
                <tbody>
                  {history.map((h, i) => (
                    <tr key={i}>
                      <td>{formatDateTime(locale, h.at)}</td>
                      <td>{purposeName(h.purpose)}</td>
                      <td>{h.granted ? t('people.consent.granted') : t('people.consent.denied')}</td>
                      <td>{sourceName(h.source)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          )}
        </div>
      )}
      {cats.length === 0 ? (
        purposes.length === 0 && <Empty text={t('people.consent.none')} />
      ) : (
        <div data-testid="profile-consent">
          {purposes.length > 0 && <p className="subtitle">{t('people.consent.categories')}</p>}
          <ul className="consent">
            {cats.map(([cat, granted]) => (
              <li key={cat} className={granted ? 'granted' : 'denied'} data-category={cat}>
                <span>{cat}</span> <b>{granted ? t('people.consent.granted') : t('people.consent.denied')}</b>
              </li>
            ))}
          </ul>
          {c.updatedAt && <p className="subtitle">{t('people.consent.updated', { at: formatDateTime(locale, c.updatedAt) })}</p>}
        </div>
      )}
    </>
  );
}

/** Purposes with a translated name; a project's own purposes show as configured. */
const KNOWN_PURPOSES = ['analytics', 'personalisation', 'marketing'];

function Timeline({ profile }: { profile: Profile }) {
  const { t, fmt, label, locale } = useI18n();
  if (profile.timeline.length === 0) return <Empty text={t('people.timeline.none')} />;
  return (
    <>
      <p className="subtitle" data-testid="timeline-shown">
        {t('people.timeline.shown', { shown: fmt.int(profile.timeline.length), total: fmt.int(profile.eventCount) })}
      </p>
      <div className="grid-scroll">
        <CsvTable name={t('people.timeline')}>
        <table className="timeline" data-testid="profile-timeline">
          <thead>
            <tr>
              <th scope="col">{t('people.timeline.when')}</th>
              <th scope="col">{t('people.timeline.event')}</th>
              <th scope="col">{t('people.timeline.touchpoint')}</th>
              <th scope="col">{t('people.timeline.channel')}</th>
              <th scope="col">{t('people.timeline.stage')}</th>
              <th scope="col">{t('people.timeline.properties')}</th>
            </tr>
          </thead>
          <tbody>
            {profile.timeline.map((e) => {
              const props = e.properties && typeof e.properties === 'object' ? Object.keys(e.properties) : [];
              return (
                <tr key={e.messageId} data-testid="timeline-event" data-message-id={e.messageId}>
                  <td className="nowrap">{formatDateTime(locale, e.timestamp)}</td>
                  <td>
                    {e.event ?? e.type} {e.event && <small className="type">{e.type}</small>}
                  </td>
                  <td>{e.touchpoint}</td>
                  <td>{label('channel', e.channel)}</td>
                  <td>{label('stage', e.stage)}</td>
                  <td>
                    {props.length === 0 ? (
                      <small>{t('people.timeline.noProperties')}</small>
                    ) : (
                      <details>
                        <summary>{props.length}</summary>
                        <pre>{JSON.stringify(e.properties, null, 2)}</pre>
                      </details>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        </CsvTable>
      </div>
    </>
  );
}

export function ProfileView({ id, closeHref }: { id: string; closeHref: string }) {
  const { t, fmt, locale } = useI18n();
  const path = `/v1/profiles/${encodeURIComponent(id)}`;
  const profile = useApi<Profile>(path, (signal) => apiGet(path, signal));
  if (profile.status === 'loading') return <Loading />;
  if (profile.status === 'error') {
    if (profile.error.status === 404) return <Empty text={t('people.profile.notFound', { id })} />;
    return <ErrorState error={profile.error} retry={profile.retry} />;
  }
  const p = profile.data;
  const name = valueText(p.traits.name ?? p.traits.email ?? p.id);
  return (
    <article className="profile" data-testid="profile" data-person-id={p.id}>
      <header className="profile-head">
        <div>
          <h2>{name}</h2>
          {typeof p.traits.email === 'string' && p.traits.name !== undefined && <p className="subtitle">{p.traits.email}</p>}
          <p className="subtitle" data-testid="profile-summary">
            {t('people.profile.summary', { events: fmt.int(p.eventCount), first: formatDateTime(locale, p.firstSeen), last: formatDateTime(locale, p.lastSeen) })}
          </p>
          <p className="subtitle">
            {t('people.profile.personId')}: <code>{p.id}</code>
          </p>
        </div>
        <Link to={closeHref} aria-label={t('people.profile.close')} className="close">
          ×
        </Link>
      </header>
      <section aria-label={t('people.identities')}>
        <h3>{t('people.identities')}</h3>
        <CsvTable name={t('people.identities')}>
        <table className="kv-table" data-testid="profile-identities">
          <thead>
            <tr>
              <th scope="col">{t('people.identity.type')}</th>
              <th scope="col">{t('people.identity.id')}</th>
              <th scope="col">{t('people.identity.firstSeen')}</th>
            </tr>
          </thead>
          <tbody>
            {p.identities.map((i) => (
              <tr key={`${i.type}:${i.id}`} data-testid="identity-row">
                <td>{t(`people.identity.${i.type}`)}</td>
                <td className="mono wrap">{i.id}</td>
                <td>{formatDateTime(locale, i.firstSeen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </CsvTable>
      </section>
      <div className="profile-cols">
        <section aria-label={t('people.traits')}>
          <h3>{t('people.traits')}</h3>
          <Traits profile={p} />
        </section>
        <section aria-label={t('people.consent')}>
          <h3>{t('people.consent')}</h3>
          <Consent profile={p} />
        </section>
        <section aria-label={t('people.segments')}>
          <h3>{t('people.segments')}</h3>
          <Customer profile={p} />
        </section>
        <section aria-label={t('people.scores')}>
          <h3>{t('people.scores')}</h3>
          <ProfileScores scores={p.scores} />
        </section>
      </div>
      <section aria-label={t('people.timeline')}>
        <h3>{t('people.timeline')}</h3>
        <Timeline profile={p} />
      </section>
    </article>
  );
}
