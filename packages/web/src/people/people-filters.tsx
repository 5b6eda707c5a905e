import { useState } from 'react';
import type { FunnelResult } from '@trailmap/core';
import { apiGet, apiPost } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { useI18n } from '../i18n/i18n.js';
import { MAX_COLUMNS, MAX_FILTERS, type PeopleQuery } from './people-types.js';

/** Persona values with their people, from one funnel over "any event" broken down by the persona trait. */
function usePersonas() {
  return useApi('people:personas', async (signal) => {
    const r = await apiPost<FunnelResult>('/v1/analytics/funnel', { steps: [{}, {}], order: 'any', breakdown: { trait: 'persona' }, breakdownLimit: 100 }, signal);
    return (r.breakdown ?? []).flatMap((b) => (b.value === null ? [] : [String(b.value)]));
  });
}

const useTraitNames = () => useApi('people:traits', (signal) => apiGet<{ traits: string[] }>('/v1/people/traits', signal));

/** Persona, trait = value filters and trait columns; every change goes to the URL. */
export function PeopleFilters({ query, apply }: { query: PeopleQuery; apply(q: Partial<PeopleQuery>): void }) {
  const { t } = useI18n();
  const personas = usePersonas();
  const traits = useTraitNames();
  const names = traits.status === 'ok' ? traits.data.traits : [];
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const personaChoices = personas.status === 'ok' ? personas.data : [];
  const choices = query.persona && !personaChoices.includes(query.persona) ? [query.persona, ...personaChoices] : personaChoices;
  return (
    <div className="people-filters" role="group" aria-label={t('people.filters')}>
      <div className="filters">
        <label>
          {t('people.persona')}
          <select data-testid="people-persona" value={query.persona ?? ''} onChange={(e) => apply({ persona: e.target.value || null })}>
            <option value="">{t('people.persona.any')}</option>
            {choices.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <form
          className="inline-filter"
          aria-label={t('people.trait.filter.add')}
          onSubmit={(e) => {
            e.preventDefault();
            if (name === '' || query.traits.length >= MAX_FILTERS) return;
            apply({ traits: [...query.traits.filter((f) => f.name !== name), { name, value: value.trim() }] });
            setValue('');
          }}
        >
          <label>
            {t('people.trait.filter')}
            <select data-testid="people-trait-name" value={name} onChange={(e) => setName(e.target.value)}>
              <option value="">{t('people.trait.filter.pick')}</option>
              {names.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('people.trait.filter.value')}
            <input data-testid="people-trait-value" value={value} maxLength={200} onChange={(e) => setValue(e.target.value)} />
          </label>
          <button type="submit" data-testid="people-trait-add" disabled={name === ''}>
            {t('people.trait.filter.add')}
          </button>
        </form>
        <label>
          {t('people.columns.add')}
          <select
            data-testid="people-column-add"
            value=""
            disabled={query.columns.length >= MAX_COLUMNS}
            onChange={(e) => e.target.value && apply({ columns: [...query.columns, e.target.value] })}
          >
            <option value="">—</option>
            {names
              .filter((n) => !query.columns.includes(n))
              .map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
          </select>
        </label>
      </div>
      {(query.traits.length > 0 || query.columns.length > 0) && (
        <ul className="chips" data-testid="people-chips">
          {query.traits.map((f) => (
            <li key={`f:${f.name}`}>
              {f.name} = {f.value}
              <button type="button" aria-label={t('people.filter.remove', { name: f.name, value: f.value })} onClick={() => apply({ traits: query.traits.filter((x) => x !== f) })}>
                ×
              </button>
            </li>
          ))}
          {query.columns.map((c) => (
            <li key={`c:${c}`} className="column-chip">
              {t('people.columns')}: {c}
              <button type="button" aria-label={t('people.columns.remove', { name: c })} onClick={() => apply({ columns: query.columns.filter((x) => x !== c) })}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
