import { personaKey, referencedSegments, segmentRuleSchema, type PersonaSegmentsOutcome, type SavedSegment, type ScoreRunPersona, type SegmentRule } from '@trailmap/core';
import { createSegment, deleteSegment, editDisplayName, listSegments, updateSegment, type StateStore } from '@trailmap/state';

/** The rule of a persona's segment: the people whose stored persona score is its key. */
export const personaSegmentRule = (key: string): SegmentRule => segmentRuleSchema.parse({ score: 'persona', op: 'eq', value: key });

const PERSONA_KEY = /^persona-[1-9][0-9]*$/;
/** A segment a scoring run saved: a persona key and exactly that persona's rule. */
export const isPersonaSegment = (s: Pick<SavedSegment, 'key' | 'rule'>): boolean => PERSONA_KEY.test(s.key) && JSON.stringify(s.rule) === JSON.stringify(personaSegmentRule(s.key));

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * Save one segment per persona of a run in the state store (key `persona-N`, the en name and
 * description, the rule `{ score: 'persona', op: 'eq', value: key }`) and the persona's en/zh
 * display name; delete the persona segments of clusters the run no longer has, unless another
 * segment refers to them (then kept, and said so). A key taken by a segment with another rule is
 * left alone. Membership is the segment refresher's to recompute afterwards.
 */
export async function savePersonaSegments(state: StateStore, personas: readonly ScoreRunPersona[]): Promise<PersonaSegmentsOutcome> {
  const existing = new Map((await listSegments(state)).map((s) => [s.key, s]));
  const out: PersonaSegmentsOutcome = { saved: [], deleted: [], kept: [], taken: [] };
  const current = new Set(personas.map((p) => personaKey(p.cluster)));
  for (const p of personas) {
    const key = personaKey(p.cluster);
    const fields = { name: cut(p.name.en, 200), description: cut(p.description.en, 2000), rule: personaSegmentRule(key) };
    const had = existing.get(key);
    if (had && !isPersonaSegment(had)) {
      out.taken.push(key);
      continue;
    }
    if (had) await updateSegment(state, key, fields);
    else if (!(await createSegment(state, { key, ...fields }))) {
      out.taken.push(key); // created by another process meanwhile
      continue;
    }
    await editDisplayName(state, { kind: 'persona', name: key, en: cut(p.name.en, 120), 'zh-CN': cut(p.name.zh, 120) });
    out.saved.push(key);
  }
  for (const s of existing.values()) {
    if (current.has(s.key) || !isPersonaSegment(s)) continue;
    const referredBy = [...existing.values()].filter((o) => o.key !== s.key && referencedSegments(o.rule).includes(s.key)).map((o) => o.key);
    if (referredBy.length) {
      out.kept.push({ key: s.key, referredBy });
      continue;
    }
    await deleteSegment(state, s.key);
    await editDisplayName(state, { kind: 'persona', name: s.key, en: null, 'zh-CN': null });
    out.deleted.push(s.key);
  }
  return out;
}
