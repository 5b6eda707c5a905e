import { WEEKDAYS } from './journey-definition.schema.js';

type Weekday = (typeof WEEKDAYS)[number];

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: Weekday;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', weekday: 'short' });
    formatters.set(tz, f);
  }
  return f;
}

/** The wall-clock date and time at `ms` in the time zone `tz`. */
export function localParts(ms: number, tz: string): LocalParts {
  const out: Record<string, string> = {};
  for (const p of formatter(tz).formatToParts(new Date(ms))) out[p.type] = p.value;
  return {
    year: Number(out.year),
    month: Number(out.month),
    day: Number(out.day),
    hour: Number(out.hour),
    minute: Number(out.minute),
    weekday: out.weekday!.toLowerCase().slice(0, 3) as Weekday,
  };
}

/** The instant the wall clock in `tz` shows this date and time (the later one in a fall-back hour; a skipped spring-forward time moves forward). */
export function zonedTime(year: number, month: number, day: number, hour: number, minute: number, tz: string): number {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  let guess = asUtc;
  // Two corrections settle on the zone's offset at that instant (offsets change at most once nearby).
  for (let i = 0; i < 3; i++) {
    const p = localParts(guess, tz);
    const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
    const diff = shown - asUtc;
    if (diff === 0) return guess;
    guess -= diff;
  }
  return guess;
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The first instant at or after `now` inside the window `start`–`end` (local times in `tz`; an
 * `end` before `start` crosses midnight) on one of `days` (the day the window opens). `now` itself
 * when it is inside.
 */
export function nextWindowOpen(now: number, tz: string, start: string, end: string, days: readonly Weekday[] = WEEKDAYS): number {
  const s = minutes(start);
  const e = minutes(end);
  const crosses = e <= s;
  const today = localParts(now, tz);
  const nowMin = today.hour * 60 + today.minute;
  const allowed = new Set(days);
  // The window that opened yesterday may still be open after midnight.
  if (crosses && nowMin < e) {
    const y = localParts(now - 86_400_000, tz);
    if (allowed.has(y.weekday)) return now;
  }
  for (let k = 0; k < 8; k++) {
    const d = dayAfter(today, k, tz);
    if (!allowed.has(d.weekday)) continue;
    const open = zonedTime(d.year, d.month, d.day, Math.floor(s / 60), s % 60, tz);
    const c = crosses ? dayAfter(d, 1, tz) : d;
    const close = zonedTime(c.year, c.month, c.day, Math.floor(e / 60), e % 60, tz);
    if (k === 0 && now >= open && now < close) return now;
    if (open >= now) return open;
  }
  return now;
}

/** The local date `k` days after `d` (noon to noon, so a DST change never skips or repeats a day). */
function dayAfter(d: LocalParts, k: number, tz: string): LocalParts {
  return k === 0 ? d : localParts(zonedTime(d.year, d.month, d.day, 12, 0, tz) + k * 86_400_000, tz);
}

/** Whether `now` falls inside quiet hours `start`–`end` in `tz`; when it does, the instant they end. */
export function quietUntil(now: number, tz: string, start: string, end: string): number | null {
  // Quiet hours are the complement of a sending window from `end` to `start`.
  const open = nextWindowOpen(now, tz, end, start);
  return open === now ? null : open;
}

/** The person's local day that holds `now`: [start, end) in ms, for caps counted per local day. */
export function localDay(now: number, tz: string): [number, number] {
  const p = localParts(now, tz);
  const start = zonedTime(p.year, p.month, p.day, 0, 0, tz);
  const n = dayAfter(p, 1, tz);
  return [start, zonedTime(n.year, n.month, n.day, 0, 0, tz)];
}
