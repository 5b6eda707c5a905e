/** Who entered and who left a segment between two evaluations (each list sorted). */
export interface MembershipChange {
  entered: string[];
  exited: string[];
}

export function membershipDiff(before: ReadonlySet<string>, now: ReadonlySet<string>): MembershipChange {
  const entered = [...now].filter((p) => !before.has(p)).sort();
  const exited = [...before].filter((p) => !now.has(p)).sort();
  return { entered, exited };
}
