import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { formatters, type Formatters, type Translate } from './format.js';
import { initialLocale, rememberLocale, type Locale } from './locale.js';
import { en, type MessageKey, type Messages } from './messages.en.js';
import { zhCN } from './messages.zh-CN.js';

const CATALOGUES: Record<Locale, Messages> = { en, 'zh-CN': zhCN };

interface I18n {
  locale: Locale;
  setLocale(l: Locale): void;
  t: Translate;
  /** Translate a data value with a catalogue entry (`stage.interest`), else show it as is. */
  label(prefix: 'stage' | 'channel' | 'flag' | 'metric' | 'evidence', value: string): string;
  fmt: Formatters;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => initialLocale(window.location.search));
  const value = useMemo<I18n>(() => {
    const messages = CATALOGUES[locale];
    const t: Translate = (key, vars) => {
      const text = messages[key] ?? en[key] ?? key;
      return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)) : text;
    };
    const label = (prefix: string, v: string) => {
      const key = `${prefix}.${v}` as MessageKey;
      return key in messages ? messages[key] : v;
    };
    document.documentElement.lang = locale;
    return {
      locale,
      setLocale: (l) => {
        rememberLocale(l);
        setLocaleState(l);
      },
      t,
      label,
      fmt: formatters(locale, t),
    };
  }, [locale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
