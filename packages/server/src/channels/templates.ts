import { Liquid, type Template } from 'liquidjs';
import type { MessageTemplate } from '@trailmap/core';

/** What a message template sees (docs/channels.md#templates). */
export interface TemplateVars {
  person: { id: string; traits: Record<string, unknown>; computed: Record<string, unknown> };
  recommendations?: ReadonlyArray<{ id: string; name?: string; reason?: string; [key: string]: unknown }>;
  journey: { id: string; name: string };
  unsubscribe_url?: string | null;
}

/** `html`: email bodies, every `{{ }}` output HTML-escaped (`| raw` opts out); `text`: SMS, push, in-app, subjects. */
export type TemplateFormat = 'html' | 'text';

export interface RenderedMessage {
  subject: string | null;
  body: string;
  /** The template locale used (`zh` for a person in `zh-CN`; `en` when theirs has none). */
  locale: string;
}

export interface TemplateIssue {
  field: 'subject' | 'body';
  locale: string;
  message: string;
  line: number | null;
  col: number | null;
}

const NO_FILES = 'templates cannot read files (include, render and layout are not available)';

/**
 * One engine per format. Unknown filters are parse errors, unknown variables are empty; no file
 * system (an in-memory one with no files, and include / render / layout refused at parse); a
 * render is bounded in time and memory, so a saved template cannot stall or exhaust the sender.
 */
function engine(format: TemplateFormat): Liquid {
  const liquid = new Liquid({
    templates: {},
    relativeReference: false,
    dynamicPartials: false,
    strictFilters: true,
    strictVariables: false,
    ownPropertyOnly: true,
    parseLimit: 200_000,
    renderLimit: 1_000,
    memoryLimit: 10_000_000,
    ...(format === 'html' ? { outputEscape: 'escape' as const } : {}),
  });
  for (const tag of ['include', 'render', 'layout']) {
    liquid.registerTag(tag, {
      parse() {
        throw new Error(NO_FILES);
      },
      render() {
        return '';
      },
    });
  }
  return liquid;
}

const ENGINES: Record<TemplateFormat, Liquid> = { html: engine('html'), text: engine('text') };
/** Parsed templates by source (a journey's few templates render for every person), bounded by count and by text size. */
const parsed = new Map<string, Template[]>();
const MAX_CACHED = 1000;
const MAX_CACHED_CHARS = 5_000_000;
let cachedChars = 0;

function parse(format: TemplateFormat, source: string): Template[] {
  const key = `${format}\u0000${source}`;
  let t = parsed.get(key);
  if (!t) {
    t = ENGINES[format].parse(source);
    if (parsed.size >= MAX_CACHED || cachedChars + key.length > MAX_CACHED_CHARS) {
      parsed.clear();
      cachedChars = 0;
    }
    parsed.set(key, t);
    cachedChars += key.length;
  }
  return t;
}

/** The template locale for a person's locale: exact (any case, `_` as `-`), then its language (`zh-CN` → `zh`), else `en`. */
export function pickLocale(available: readonly string[], locale: string | null | undefined): string {
  const want = (locale ?? '').trim().replace(/_/g, '-').toLowerCase();
  if (want) {
    const exact = available.find((l) => l.toLowerCase() === want);
    if (exact) return exact;
    const lang = want.split('-')[0]!;
    const same = available.find((l) => l.toLowerCase() === lang);
    if (same) return same;
  }
  return 'en';
}

/**
 * Render a message for a person in `locale`: the body in `format` (email: `html`), the subject
 * as plain text, both from the same locale's text (the subject falls back to `en` alone when that
 * locale has a body but no subject). Throws a Liquid error for a template that does not parse
 * (validateTemplate catches those at save) or a render over its limits.
 */
export async function renderTemplate(template: MessageTemplate, vars: TemplateVars, locale: string | null | undefined, format: TemplateFormat = 'html'): Promise<RenderedMessage> {
  const chosen = pickLocale(Object.keys(template.body), locale);
  const scope = { unsubscribe_url: null, recommendations: [], ...vars };
  const bodySource = template.body[chosen] ?? template.body.en;
  const body = String(await ENGINES[format].render(parse(format, bodySource), scope));
  let subject: string | null = null;
  if (template.subject) {
    const subjectSource = template.subject[chosen] ?? template.subject.en;
    subject = String(await ENGINES.text.render(parse('text', subjectSource), scope)).replace(/\s+/g, ' ').trim();
  }
  return { subject, body, locale: chosen };
}

/** The format a channel's body renders in. */
export const formatOfChannel = (channel: string): TemplateFormat => (channel === 'email' ? 'html' : 'text');

/** Every Liquid parse error of a template, by field and locale (empty: it parses). For the journey editor, on save. */
export function validateTemplate(template: MessageTemplate): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  const check = (field: 'subject' | 'body', texts: Record<string, string> | undefined) => {
    for (const [locale, source] of Object.entries(texts ?? {})) {
      try {
        ENGINES.html.parse(source);
      } catch (e) {
        const err = e as Error & { token?: { getPosition?: () => [number, number] } };
        const pos = err.token?.getPosition?.();
        issues.push({ field, locale, message: err.message.replace(/, line:\d+, col:\d+$/, ''), line: pos?.[0] ?? null, col: pos?.[1] ?? null });
      }
    }
  };
  check('subject', template.subject);
  check('body', template.body);
  return issues;
}
