import type { JourneyFlag } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import { FlagEvidence } from './flag-pin.js';

/** Pain points or opportunities as a list, most people first (the API's order). */
export function FlagList({ title, flags, tone }: { title: string; flags: JourneyFlag[]; tone: 'pain' | 'opportunity' }) {
  const { t, label, fmt } = useI18n();
  return (
    <section className={`flags ${tone}`} aria-label={title}>
      <h3>{title}</h3>
      {flags.length === 0 ? (
        <p>{t('jm.flags.none')}</p>
      ) : (
        <ul>
          {flags.map((f) => (
            <li key={`${f.kind}:${f.stage}:${f.channel}:${f.touchpoint}`} data-testid={`flag-${tone}`}>
              <strong>{label('flag', f.kind)}</strong> — {t('jm.flag.where', { touchpoint: f.touchpoint, channel: label('channel', f.channel), stage: label('stage', f.stage) })} ·{' '}
              {t('jm.flag.people', { people: fmt.int(f.people) })}
              <div className="flag-detail">
                <FlagEvidence flag={f} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
