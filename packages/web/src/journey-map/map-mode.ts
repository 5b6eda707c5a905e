/**
 * The map type and the selection, in the URL with the persona and period so a view can be
 * shared: `?type=blueprint`, `?type=day&person=p_…`, `?type=future&plan=…&chg=…` (future-plan.ts), `?sel=conversion` (a stage) or
 * `?sel=conversion|web|Payment Info Entered` (a cell: stage, channel, touchpoint).
 */
export const MAP_TYPES = ['current', 'future', 'blueprint', 'day'] as const;
export type MapType = (typeof MAP_TYPES)[number];

/** A stage, or a cell (stage + channel + touchpoint) that notes are pinned to. */
export interface NoteTarget {
  stage: string;
  channel: string | null;
  touchpoint: string | null;
}

export interface MapMode {
  type: MapType;
  selection: NoteTarget | null;
  person: string | null;
}

export function readMapMode(params: URLSearchParams): MapMode {
  const t = params.get('type');
  const type: MapType = (MAP_TYPES as readonly string[]).includes(t ?? '') ? (t as MapType) : 'current';
  return { type, selection: parseSelection(params.get('sel')), person: type === 'day' ? params.get('person') || null : null };
}

export function parseSelection(v: string | null): NoteTarget | null {
  if (!v) return null;
  const [stage, channel, ...rest] = v.split('|');
  if (!stage) return null;
  // A touchpoint name may itself hold '|': everything after the channel is the touchpoint.
  if (channel === undefined || rest.length === 0) return { stage, channel: null, touchpoint: null };
  return { stage, channel, touchpoint: rest.join('|') };
}

export const selectionParam = (s: NoteTarget): string => (s.channel !== null && s.touchpoint !== null ? `${s.stage}|${s.channel}|${s.touchpoint}` : s.stage);

export const cellKey = (x: { stage: string; channel: string; touchpoint: string }) => `${x.stage}\u0000${x.channel}\u0000${x.touchpoint}`;
