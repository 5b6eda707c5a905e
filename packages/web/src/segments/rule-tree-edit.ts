import { leafCount, rootDepth, type GroupNode, type LeafDraft, type RootNode, type TreeNode } from './rule-tree.js';

// The builder's edits of its tree, each a pure function from the root to a new root.

/** The root with the node `id` replaced by `fn(node)` (removed when `fn` gives null). */
export function mapNode(root: RootNode, id: number, fn: (n: TreeNode) => TreeNode | null): RootNode {
  const walk = (n: TreeNode): TreeNode | null => {
    if (n.id === id) return fn(n);
    if (n.type === 'leaf') return n;
    const children = n.children.map(walk).filter((c): c is TreeNode => c !== null);
    return { ...n, children };
  };
  if (root.id === id) {
    const next = fn(root);
    return next && next.type === 'group' ? { ...next, bare: root.bare } : root;
  }
  return { ...root, children: root.children.map(walk).filter((c): c is TreeNode => c !== null) };
}

export const patchLeaf = (root: RootNode, id: number, patch: Partial<LeafDraft>): RootNode => mapNode(root, id, (n) => (n.type === 'leaf' ? { ...n, leaf: { ...n.leaf, ...patch } } : n));
export const patchGroup = (root: RootNode, id: number, patch: Partial<Pick<GroupNode, 'match'>>): RootNode => mapNode(root, id, (n) => (n.type === 'group' ? { ...n, ...patch } : n));
/** NOT on or off (off removes every NOT of the node). */
export const setNegated = (root: RootNode, id: number, on: boolean): RootNode => mapNode(root, id, (n) => ({ ...n, nots: on ? Math.max(1, n.nots) : 0 }));
export const removeNode = (root: RootNode, id: number): RootNode => mapNode(root, id, () => null);
export const addChild = (root: RootNode, groupId: number, child: TreeNode): RootNode => mapNode(root, groupId, (n) => (n.type === 'group' ? { ...n, children: [...n.children, child] } : n));

/** Whether the rule after an edit stays within core's limits (nesting depth, number of conditions). */
export const fits = (root: RootNode, maxDepth: number, maxConditions: number): boolean => rootDepth(root) <= maxDepth && leafCount(root) <= maxConditions;
