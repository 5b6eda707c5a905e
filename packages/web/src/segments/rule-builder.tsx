import { MAX_RULE_CONDITIONS, MAX_RULE_DEPTH } from '@trailmap/core';
import { useI18n } from '../i18n/i18n.js';
import { ConditionFields, type BuilderChoices } from './condition-fields.js';
import { addChild, fits, patchGroup, patchLeaf, removeNode, setNegated } from './rule-tree-edit.js';
import { newGroupNode, newLeafNode, type GroupNode, type LeafDraft, type RootNode, type TreeNode } from './rule-tree.js';

/** A 400 of the live count or the save, placed at the node its field names. */
export interface FieldError {
  id: number;
  field: string | null;
  message: string;
}

interface Props {
  root: RootNode;
  onChange(root: RootNode): void;
  choices: BuilderChoices;
  error: FieldError | null;
}

/**
 * The rule as nested groups: each group matches all or any of its conditions and groups, each
 * group and condition can be negated (NOT); nesting and the number of conditions stop at core's
 * limits (MAX_RULE_DEPTH, MAX_RULE_CONDITIONS).
 */
export function RuleBuilder(props: Props) {
  return <Group node={props.root} path="" depth={0} {...props} />;
}

const childPath = (path: string, i: number) => (path === '' ? String(i + 1) : `${path}-${i + 1}`);
const suffix = (path: string) => (path === '' ? '' : `-${path}`);

function Negate({ node, root, onChange, testId, label }: { node: TreeNode; root: RootNode; onChange(r: RootNode): void; testId: string; label?: string }) {
  const { t } = useI18n();
  const on = node.nots > 0;
  const next = setNegated(root, node.id, !on);
  return (
    <label className="inline seg-not" title={node.nots > 1 ? t('seg.builder.notTimes', { n: node.nots }) : undefined}>
      <input type="checkbox" data-testid={testId} data-nots={node.nots} checked={on} disabled={!on && !fits(next, MAX_RULE_DEPTH, MAX_RULE_CONDITIONS)} onChange={() => onChange(next)} />
      {node.nots > 1 ? t('seg.builder.notTimes', { n: node.nots }) : (label ?? t('seg.builder.not'))}
    </label>
  );
}

function ErrorAt({ error, id }: { error: FieldError | null; id: number }) {
  if (!error || error.id !== id) return null;
  return (
    <p className="seg-field-error" role="alert" data-testid="seg-error" data-field={error.field ?? ''}>
      {error.message}
    </p>
  );
}

function Group({ node, path, depth, root, onChange, choices, error }: Props & { node: GroupNode; path: string; depth: number }) {
  const { t } = useI18n();
  const isRoot = node.id === root.id;
  const withLeaf = addChild(root, node.id, newLeafNode());
  const withGroup = addChild(root, node.id, newGroupNode());
  const fitsLeaf = fits(withLeaf, MAX_RULE_DEPTH, MAX_RULE_CONDITIONS);
  const fitsGroup = fits(withGroup, MAX_RULE_DEPTH, MAX_RULE_CONDITIONS);
  return (
    <fieldset className={isRoot ? 'seg-group seg-root' : 'seg-group'} data-testid={isRoot ? 'seg-root' : 'seg-group'} data-path={path} data-depth={depth}>
      {!isRoot && <legend>{t('seg.builder.group')}</legend>}
      <div className="filters">
        <label>
          {t('seg.builder.match')}
          <select data-testid={`seg-match${suffix(path)}`} value={node.match} onChange={(e) => onChange(patchGroup(root, node.id, { match: e.target.value as GroupNode['match'] }))}>
            <option value="all">{t('seg.builder.match.all')}</option>
            <option value="any">{t('seg.builder.match.any')}</option>
          </select>
        </label>
        <Negate node={node} root={root} onChange={onChange} testId={isRoot ? 'seg-negate' : `seg-group-not${suffix(path)}`} {...(isRoot ? { label: t('seg.builder.negate') } : {})} />
        {!isRoot && (
          <button type="button" data-testid={`seg-group-remove${suffix(path)}`} onClick={() => onChange(removeNode(root, node.id))}>
            {t('seg.builder.removeGroup')}
          </button>
        )}
      </div>
      <ErrorAt error={error} id={node.id} />
      <ol className="seg-conditions">
        {node.children.map((child, i) => {
          const p = childPath(path, i);
          if (child.type === 'group')
            return (
              <li key={child.id} className="seg-child">
                <Group node={child} path={p} depth={depth + 1} root={root} onChange={onChange} choices={choices} error={error} />
              </li>
            );
          return (
            <li key={child.id} className="seg-child" data-testid="seg-condition" data-path={p}>
              <div className="filters">
                <Negate node={child} root={root} onChange={onChange} testId={`seg-not-${p}`} />
                <ConditionFields leaf={child.leaf} path={p} choices={choices} onPatch={(patch: Partial<LeafDraft>) => onChange(patchLeaf(root, child.id, patch))} />
                {node.children.length > 1 && (
                  <button type="button" data-testid={`seg-remove-${p}`} onClick={() => onChange(removeNode(root, child.id))}>
                    {t('seg.builder.remove')}
                  </button>
                )}
              </div>
              <ErrorAt error={error} id={child.id} />
            </li>
          );
        })}
      </ol>
      <div className="filters">
        <button type="button" data-testid={`seg-add${suffix(path)}`} disabled={!fitsLeaf} onClick={() => onChange(withLeaf)}>
          {t('seg.builder.add')}
        </button>
        <button type="button" data-testid={`seg-add-group${suffix(path)}`} disabled={!fitsGroup} onClick={() => onChange(withGroup)} title={fitsGroup ? undefined : t('seg.builder.limit', { depth: MAX_RULE_DEPTH, conditions: MAX_RULE_CONDITIONS })}>
          {t('seg.builder.addGroup')}
        </button>
      </div>
    </fieldset>
  );
}
