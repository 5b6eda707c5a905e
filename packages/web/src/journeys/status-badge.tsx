import type { JourneyStatus } from '@trailmap/core';
import { useI18n } from '../i18n/i18n.js';

export function StatusBadge({ status }: { status: JourneyStatus }) {
  const { t } = useI18n();
  return (
    <span className={`journey-status ${status}`} data-testid="journey-status" data-status={status}>
      {t(`journeys.status.${status}`)}
    </span>
  );
}
