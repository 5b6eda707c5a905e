import { kindOf, personIdFor, valueOf } from './identity-key.js';
import type { IdentityRules } from './identity-rules.js';

/** Two identities seen together: on an identify/event carrying both ids, or an alias. */
export interface IdentityLink {
  a: string;
  b: string;
  via: 'event' | 'identify' | 'alias';
  messageId: string;
  /** ISO time of the message; links apply in time order. */
  at: string;
}

export interface PersonState {
  identities: string[];
  firstSeen: string;
}

/** The part of the stored graph a batch touches. */
export interface IdentitySnapshot {
  /** identity key → person id, for every identity the batch mentions that is already known. */
  personOf: Map<string, string>;
  /** person id → its identities, for every person in personOf. */
  persons: Map<string, PersonState>;
}

export interface IdentityChanges {
  /** New identities and the person each joins. */
  added: Array<{ identity: string; personId: string; firstSeen: string }>;
  /** Whole people folded into another; every identity and event of `from` moves to `into`. */
  merges: Array<{ from: string; into: string; messageId: string; at: string }>;
  /** Links refused by the rules, with the reason, for the identity_conflicts log. */
  rejected: Array<{ link: IdentityLink; reason: string }>;
  /** Final person of every identity the batch mentioned. */
  personOf: Map<string, string>;
}

/**
 * Apply a batch of identities and links to a snapshot of the graph (union-find over people).
 * Pure: the caller loads the snapshot and persists the changes.
 */
export function resolveIdentities(
  snapshot: IdentitySnapshot,
  seen: Array<{ identity: string; at: string }>,
  links: IdentityLink[],
  rules: IdentityRules,
): IdentityChanges {
  const personOf = new Map(snapshot.personOf);
  const persons = new Map<string, PersonState>();
  for (const [id, p] of snapshot.persons) persons.set(id, { identities: [...p.identities], firstSeen: p.firstSeen });
  const added: IdentityChanges['added'] = [];
  const merges: IdentityChanges['merges'] = [];
  const rejected: IdentityChanges['rejected'] = [];
  const mergedInto = new Map<string, string>();
  const blocked = new Set(rules.blockedIds.map((s) => s.toLowerCase()));
  const isBlocked = (key: string) => blocked.has(valueOf(key).trim().toLowerCase());

  const ensure = (identity: string, at: string): string => {
    let p = personOf.get(identity);
    if (p === undefined) {
      p = personIdFor(identity);
      // A derived id can only clash if this identity's person was merged away; then reuse is wrong.
      while (persons.has(p)) p = personIdFor(p + '#');
      personOf.set(identity, p);
      persons.set(p, { identities: [identity], firstSeen: at });
      added.push({ identity, personId: p, firstSeen: at });
    }
    return p;
  };

  for (const s of [...seen].sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0))) ensure(s.identity, s.at);

  const ordered = [...links].sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : x.messageId < y.messageId ? -1 : 1));
  for (const link of ordered) {
    if (isBlocked(link.a) || isBlocked(link.b)) {
      rejected.push({ link, reason: `placeholder id ${JSON.stringify(isBlocked(link.a) ? valueOf(link.a) : valueOf(link.b))} never links people` });
      continue;
    }
    const pa = ensure(link.a, link.at);
    const pb = ensure(link.b, link.at);
    if (pa === pb) continue;
    const A = persons.get(pa)!;
    const B = persons.get(pb)!;
    const usersA = A.identities.filter((i) => kindOf(i) === 'user');
    const usersB = B.identities.filter((i) => kindOf(i) === 'user');
    if (usersA.length > 0 && usersB.length > 0 && link.via !== 'alias') {
      rejected.push({
        link,
        reason: `would merge two known users (${valueOf(usersA[0]!)} and ${valueOf(usersB[0]!)}); only an alias call may do that`,
      });
      continue;
    }
    if (usersA.length + usersB.length > rules.maxUserIds) {
      rejected.push({ link, reason: `merged person would hold ${usersA.length + usersB.length} userIds, above the limit of ${rules.maxUserIds}` });
      continue;
    }
    const anons = A.identities.length - usersA.length + (B.identities.length - usersB.length);
    if (anons > rules.maxAnonymousIds) {
      rejected.push({ link, reason: `merged person would hold ${anons} anonymousIds, above the limit of ${rules.maxAnonymousIds}` });
      continue;
    }
    // Survivor: the person with a known user; else the one seen first; ties by id.
    const aFirst =
      usersA.length !== usersB.length
        ? usersA.length > usersB.length
        : A.firstSeen !== B.firstSeen
          ? A.firstSeen < B.firstSeen
          : pa < pb;
    const [into, from] = aFirst ? [pa, pb] : [pb, pa];
    const I = persons.get(into)!;
    const F = persons.get(from)!;
    for (const id of F.identities) personOf.set(id, into);
    for (const id of F.identities) I.identities.push(id);
    if (F.firstSeen < I.firstSeen) I.firstSeen = F.firstSeen;
    persons.delete(from);
    mergedInto.set(from, into);
    merges.push({ from, into, messageId: link.messageId, at: link.at });
  }
  // A person merged earlier in this batch may itself be merged later: follow the chain once.
  const find = (p: string): string => {
    let root = p;
    while (mergedInto.has(root)) root = mergedInto.get(root)!;
    while (p !== root) {
      const next = mergedInto.get(p)!;
      mergedInto.set(p, root);
      p = next;
    }
    return root;
  };
  for (const m of merges) m.into = find(m.into);
  for (const a of added) a.personId = find(a.personId);
  return { added, merges, rejected, personOf };
}
