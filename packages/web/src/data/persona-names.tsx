import { useI18n } from '../i18n/i18n.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { useSelectorOptions } from '../journey-map/use-selector-options.js';
import { DisplayNameEditor } from './display-name-editor.js';

/** The persona trait values with their people, each with its English and Chinese display name. */
export function PersonaNames() {
  const { t, fmt } = useI18n();
  const options = useSelectorOptions();
  return (
    <section aria-labelledby="cat-personas-title" data-testid="cat-personas">
      <h3 id="cat-personas-title">{t('cat.personas.title')}</h3>
      {options.status === 'loading' && <Loading />}
      {options.status === 'error' && <ErrorState error={options.error} retry={options.retry} />}
      {options.status === 'ok' && options.data.personas.length === 0 && <Empty text={t('cat.personas.empty')} />}
      {options.status === 'ok' && options.data.personas.length > 0 && (
        <div className="grid-scroll">
          <table className="tm-table" data-testid="cat-personas-table">
            <thead>
              <tr>
                <th scope="col">{t('cat.personas.persona')}</th>
                <th scope="col">{t('cat.dn.column')}</th>
                <th scope="col" className="num">
                  {t('cat.personas.people')}
                </th>
              </tr>
            </thead>
            <tbody>
              {options.data.personas.map((p) => (
                <tr key={p.value} data-testid="cat-persona-row" data-persona={p.value}>
                  <th scope="row">{p.value}</th>
                  <td>
                    <DisplayNameEditor kind="persona" name={p.value} />
                  </td>
                  <td className="num">{fmt.int(p.people)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
