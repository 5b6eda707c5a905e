import { useEffect, useState } from 'react';
import { apiGet } from './client.js';
import { useI18n } from '../i18n/i18n.js';

/** The project's display settings (`GET /v1/project`): the currency money is shown in. */
export interface ProjectSettings {
  currency: string;
  timeZone: string;
}

// Fetched once per page load: the settings change only with a server restart.
let settings: Promise<ProjectSettings> | null = null;
const load = () => (settings ??= apiGet<ProjectSettings>('/v1/project', new AbortController().signal).catch((e: unknown) => {
  settings = null;
  throw e;
}));

/** The project's ISO 4217 currency; null until it is known (or when it cannot be read). */
export function useCurrency(): string | null {
  const [currency, setCurrency] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    load().then(
      (s) => live && setCurrency(s.currency),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return currency;
}

/** Money in the project's currency (`fmt.money`, `fmt.signedMoney`); plain numbers with two decimals until the currency is known. */
export function useMoney(): { money: (n: number | null) => string; signedMoney: (n: number | null) => string; currency: string | null } {
  const { fmt } = useI18n();
  const currency = useCurrency();
  const plain = (n: number | null) => (n === null ? '–' : fmt.dec(n));
  return {
    currency,
    money: (n) => (currency ? fmt.money(n, currency) : plain(n)),
    signedMoney: (n) => (currency ? fmt.signedMoney(n, currency) : plain(n)),
  };
}
