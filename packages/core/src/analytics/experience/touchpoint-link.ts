import { foldedPageName } from '../../touchpoint/rules.js';
import { stageIndex } from './scope.js';

/** Events of one (stage, channel, touchpoint) in scope: what links a rated touchpoint to a stage and a lane. */
export interface CellEvents {
  stage: string;
  channel: string;
  touchpoint: string;
  events: number;
}

/**
 * Where a response about a touchpoint belongs.
 *
 * - Its **stage** is the stage the touchpoint's events are classified to most often in scope
 *   (ties: the earlier stage in `STAGES`). A touchpoint can sit in several stages (the Product
 *   page is awareness for a landing visit and interest otherwise); a rating is about the
 *   touchpoint, so it goes to its usual stage.
 * - Its **channel** is the channel the response came from when the touchpoint has events on it
 *   in that stage (feedback typed on the phone browser right after a failed payment is about the
 *   web payment), else the touchpoint's busiest channel in that stage (ties: channel name).
 *
 * Touchpoints without any events in scope have no stage: their responses count in the
 * touchpoint roll-up but in no stage or cell.
 *
 * A response names the touchpoint it rates as its source wrote it; a page name that the default
 * rules fold into a tracked event (`Checkout` → `Checkout Started`, see `PAGE_FOLDS`) rates that
 * touchpoint when only the folded one has events (`resolve`).
 */
export class TouchpointLinker {
  private readonly stageOf = new Map<string, string>();
  private readonly channels = new Map<string, Map<string, number>>();
  private readonly mainChannel = new Map<string, string>();

  constructor(cells: readonly CellEvents[]) {
    const byTp = new Map<string, Map<string, number>>();
    for (const c of cells) {
      let m = byTp.get(c.touchpoint);
      if (!m) byTp.set(c.touchpoint, (m = new Map()));
      m.set(c.stage, (m.get(c.stage) ?? 0) + c.events);
    }
    for (const [tp, m] of byTp) {
      const best = [...m].sort((a, b) => b[1] - a[1] || stageIndex(a[0]) - stageIndex(b[0]))[0]!;
      this.stageOf.set(tp, best[0]);
    }
    for (const c of cells) {
      if (this.stageOf.get(c.touchpoint) !== c.stage) continue;
      let m = this.channels.get(c.touchpoint);
      if (!m) this.channels.set(c.touchpoint, (m = new Map()));
      m.set(c.channel, (m.get(c.channel) ?? 0) + c.events);
    }
    for (const [tp, m] of this.channels) this.mainChannel.set(tp, [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0]);
  }

  /** The touchpoint a response's name rates: the name itself, or the touchpoint it folds into when only that has events. */
  resolve(touchpoint: string): string {
    if (this.stageOf.has(touchpoint)) return touchpoint;
    const folded = foldedPageName(touchpoint);
    return folded !== null && this.stageOf.has(folded) ? folded : touchpoint;
  }

  stage(touchpoint: string): string | null {
    return this.stageOf.get(this.resolve(touchpoint)) ?? null;
  }

  /** The (stage, channel) cell of a response (its name resolved), null when the touchpoint has no events in scope. */
  cell(name: string, responseChannel: string): { stage: string; channel: string; touchpoint: string } | null {
    const touchpoint = this.resolve(name);
    const stage = this.stageOf.get(touchpoint);
    if (stage === undefined) return null;
    const chans = this.channels.get(touchpoint)!;
    return { stage, channel: chans.has(responseChannel) ? responseChannel : this.mainChannel.get(touchpoint)!, touchpoint };
  }
}
