import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { classifyValue, PII_KINDS, type PiiKind } from '../src/privacy/pii/index.js';

/**
 * Precision and recall of the classifiers on labelled values (fixtures/pii-labelled.json, written by
 * fixtures/pii_fixture.mjs: en and zh, hard negatives such as order numbers, timestamps, UUIDs,
 * prices, versions and SKUs, and a few honest misses). Prints the table; asserts floors per kind.
 */
interface Labelled { value: unknown; key: string; label: PiiKind | null; lang: 'en' | 'zh'; note?: string }
const fixtures = JSON.parse(readFileSync(new URL('../../test/fixtures/pii-labelled.json', import.meta.url), 'utf8')) as Labelled[];

interface Score { tp: number; fp: number; fn: number; n: number }
function score(rows: Labelled[], kind: PiiKind): Score {
  const s = { tp: 0, fp: 0, fn: 0, n: 0 };
  for (const r of rows) {
    const got = classifyValue(r.value, r.key).includes(kind);
    if (r.label === kind) s.n++;
    if (got && r.label === kind) s.tp++;
    else if (got) s.fp++;
    else if (r.label === kind) s.fn++;
  }
  return s;
}
const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

const FLOORS: Record<PiiKind, { precision: number; recall: number }> = {
  email: { precision: 1, recall: 0.95 },
  phone: { precision: 0.97, recall: 0.9 },
  card: { precision: 0.95, recall: 1 },
  cn_id: { precision: 1, recall: 0.97 },
  iban: { precision: 1, recall: 1 },
  ip: { precision: 1, recall: 1 },
  name: { precision: 1, recall: 0.95 },
};

test('precision and recall per kind on the labelled fixtures (en and zh), with floors', () => {
  const lines = ['| kind | values (en/zh) | precision | recall | false positives | misses |', '|---|---|---|---|---|---|'];
  const failures: string[] = [];
  for (const kind of PII_KINDS) {
    const all = score(fixtures, kind);
    const en = score(fixtures.filter((r) => r.lang === 'en'), kind);
    const zh = score(fixtures.filter((r) => r.lang === 'zh'), kind);
    const precision = ratio(all.tp, all.tp + all.fp);
    const recall = ratio(all.tp, all.tp + all.fn);
    lines.push(`| ${kind} | ${all.n} (${en.n}/${zh.n}) | ${pct(precision)} | ${pct(recall)} | ${all.fp} | ${all.fn} |`);
    if (precision < FLOORS[kind].precision) failures.push(`${kind} precision ${pct(precision)} < ${pct(FLOORS[kind].precision)}`);
    if (recall < FLOORS[kind].recall) failures.push(`${kind} recall ${pct(recall)} < ${pct(FLOORS[kind].recall)}`);
  }
  const negatives = fixtures.filter((r) => r.label === null);
  const flagged = negatives.filter((r) => classifyValue(r.value, r.key).length > 0);
  lines.push('', `${fixtures.length} values (${fixtures.filter((r) => r.lang === 'en').length} en, ${fixtures.filter((r) => r.lang === 'zh').length} zh); ${negatives.length} are not PII, of which ${flagged.length} flagged: ${flagged.map((r) => `${JSON.stringify(r.value)} as ${classifyValue(r.value, r.key).join('+')}`).join(', ') || 'none'}`);
  const missed = fixtures.filter((r) => r.label !== null && !classifyValue(r.value, r.key).includes(r.label));
  lines.push(`misses: ${missed.map((r) => `${JSON.stringify(r.value)} (${r.label}${r.note ? `, ${r.note}` : ''})`).join('; ') || 'none'}`);
  console.log(lines.join('\n'));
  assert.deepEqual(failures, []);
});
