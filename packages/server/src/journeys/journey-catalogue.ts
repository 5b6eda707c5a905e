import { contextNeeds, journeyDefinitionSchema, listenedEvents, type ContextNeeds, type JourneyDefinition } from '@trailmap/core';
import { activeJourneyVersions, journeysRevision, type StateStore } from '@trailmap/state';

export interface LoadedJourney {
  id: string;
  name: string;
  version: number;
  /** The journey's status (live or paused; other journeys' versions are not loaded). */
  status: 'live' | 'paused';
  /** This is the version new entries take. */
  takesEntries: boolean;
  def: JourneyDefinition;
}

export interface JourneySnapshot {
  revision: number;
  /** `id@version` → the version. */
  versions: Map<string, LoadedJourney>;
  /** The versions that take entries (one per live journey). */
  entering: LoadedJourney[];
  /** Event names any loaded version listens for. */
  watched: string[];
  /** What the workers gather of a person: the union of every loaded version's needs. */
  needs: ContextNeeds;
}

export const versionKey = (journeyId: string, version: number) => `${journeyId}@${version}`;

/**
 * The published versions of the journeys that are live or paused, parsed once per revision of the
 * state store's journeys (checked at most every `checkEveryMs`), shared by the feed and the workers.
 */
export class JourneyCatalogue {
  private snapshot: JourneySnapshot | null = null;
  private checkedAt = -Infinity;
  private loading: Promise<JourneySnapshot> | null = null;

  constructor(
    private readonly state: StateStore,
    private readonly checkEveryMs = 1000,
  ) {}

  async current(): Promise<JourneySnapshot> {
    if (this.snapshot && Date.now() - this.checkedAt < this.checkEveryMs) return this.snapshot;
    this.loading ??= this.reload().finally(() => (this.loading = null));
    return this.loading;
  }

  /** Forget the cached revision (after this process changed a journey). */
  invalidate(): void {
    this.checkedAt = -Infinity;
  }

  private async reload(): Promise<JourneySnapshot> {
    const revision = await journeysRevision(this.state);
    this.checkedAt = Date.now();
    if (this.snapshot && this.snapshot.revision === revision) return this.snapshot;
    const rows = await activeJourneyVersions(this.state);
    const versions = new Map<string, LoadedJourney>();
    for (const r of rows) {
      // A stored version was valid when published; one that no longer parses (a newer schema's) is skipped, not fatal.
      const parsed = journeyDefinitionSchema.safeParse(r.definition);
      if (!parsed.success) continue;
      versions.set(versionKey(r.journeyId, r.version), { id: r.journeyId, name: r.name, version: r.version, status: r.status as 'live' | 'paused', takesEntries: r.status === 'live' && r.liveVersion === r.version, def: parsed.data });
    }
    const all = [...versions.values()];
    const watched = new Set<string>();
    const counts = new Map<string, { event: string; within?: string }>();
    const computed = new Set<string>();
    for (const j of all) {
      listenedEvents(j.def).forEach((e) => watched.add(e));
      const n = contextNeeds(j.def);
      n.eventCounts.forEach((c) => counts.set(`${c.within ?? ''}|${c.event}`, c));
      n.computedTraits.forEach((c) => computed.add(c));
    }
    this.snapshot = { revision, versions, entering: all.filter((j) => j.takesEntries), watched: [...watched], needs: { eventCounts: [...counts.values()], computedTraits: [...computed] } };
    return this.snapshot;
  }
}
