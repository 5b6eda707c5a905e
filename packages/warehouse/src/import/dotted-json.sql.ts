import type { Params } from '../dialect/dialect.js';

/** One value of a dotted column: where it goes and SQL for its JSON text (NULL leaves the key out). */
export interface DottedEntry {
  path: readonly string[];
  json: string;
}

type Node = Map<string, Node | string>;

function tree(entries: readonly DottedEntry[]): Node {
  const root: Node = new Map();
  for (const { path, json } of entries) {
    let node = root;
    path.forEach((key, i) => {
      if (i === path.length - 1) node.set(key, json);
      else {
        const next = node.get(key);
        if (next instanceof Map) node = next;
        else {
          const created: Node = new Map();
          node.set(key, created);
          node = created;
        }
      }
    });
  }
  return root;
}

function objectSql(node: Node, p: Params): string {
  // `'"key":' || value` is NULL when the value is, and concat_ws skips NULLs: absent keys vanish.
  const members = [...node].map(([key, child]) => {
    const k = p.add(`${JSON.stringify(key)}:`);
    return child instanceof Map ? `${k} || nullif(${objectSql(child, p)}, '{}')` : `${k} || (${child})`;
  });
  return `('{' || concat_ws(',', ${members.join(', ')}) || '}')`;
}

/** SQL for the JSON object text the entries build, nested along their paths; '{}' when all are empty. */
export function dottedObjectSql(entries: readonly DottedEntry[], p: Params): string {
  return objectSql(tree(entries), p);
}
