import type { Formatters } from '../i18n/format.js';
import type { Period } from './retention-query.js';

/** A period start (ISO) as text: the month for months, else the first day. */
export const periodLabel = (fmt: Formatters, unit: Period, iso: string) => (unit === 'month' ? fmt.month(iso) : fmt.day(iso));
