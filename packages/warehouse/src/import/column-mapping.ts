import type { ImportConstant } from './constants.js';
import { ImportError } from './import-error.js';
import { COLUMN_NAMES, DOTTED_ROOTS, type DottedRoot, type SegmentField } from './segment-fields.js';

/** Where one file column goes: a Segment field, or a path inside properties/traits/context. */
export type ColumnTarget = { kind: 'field'; field: SegmentField } | { kind: 'dotted'; root: DottedRoot; path: string[] };

export interface PlannedColumn {
  /** The file's column, or `--set NAME` for a constant. */
  column: string;
  target: ColumnTarget;
  /** Set for a constant (`--set`): the text every row gets instead of a cell. */
  constant?: string;
}

export interface MappingOptions {
  map?: Record<string, string> | undefined;
  unknownColumns?: 'error' | 'properties' | undefined;
  /** `--set` constants: they fill fields no column fills. */
  constants?: readonly ImportConstant[] | undefined;
}

/** `properties.plan` → { root: 'properties', path: ['plan'] }; null when not a dotted target. */
function parseDotted(name: string): { root: DottedRoot; path: string[] } | null {
  const dot = name.indexOf('.');
  if (dot < 0) return null;
  const root = name.slice(0, dot) as DottedRoot;
  if (!DOTTED_ROOTS.includes(root)) return null;
  const path = name.slice(dot + 1).split('.');
  return { root, path };
}

/** A `--map` target or dotted column name as a target; an ImportError naming it otherwise. */
export function parseTarget(file: string, target: string, what: string): ColumnTarget {
  const field = COLUMN_NAMES[target];
  if (field) return { kind: 'field', field };
  const dotted = parseDotted(target);
  if (dotted && dotted.path.every((p) => p.length > 0)) return { kind: 'dotted', ...dotted };
  throw new ImportError(
    `${file}: ${what} "${target}" is not a field; use one of ${Object.keys(COLUMN_NAMES).join(', ')}, ` +
      `or a dotted path such as properties.plan, traits.email or context.page.path`,
    file,
  );
}

const targetKey = (t: ColumnTarget) => (t.kind === 'field' ? t.field : `${t.root}.${t.path.join('.')}`);

/**
 * Decide where every column of a CSV or Parquet file goes. Mapped columns first, then Segment
 * names and snake_case aliases, then dotted paths; anything else is an error naming the columns,
 * or lands in properties when `unknownColumns` is 'properties'.
 */
export function planColumns(file: string, columns: readonly string[], opts: MappingOptions): PlannedColumn[] {
  const map = opts.map ?? {};
  for (const source of Object.keys(map)) {
    if (!columns.includes(source)) {
      throw new ImportError(`${file}: --map ${source}=${map[source]}: the file has no column "${source}" (columns: ${columns.join(', ')})`, file);
    }
  }
  const planned: PlannedColumn[] = [];
  const unknown: string[] = [];
  for (const column of columns) {
    const mapped = map[column];
    if (mapped !== undefined) {
      planned.push({ column, target: parseTarget(file, mapped, `--map ${column}=${mapped}: target`) });
      continue;
    }
    const field = COLUMN_NAMES[column];
    const dotted = parseDotted(column);
    if (field) planned.push({ column, target: { kind: 'field', field } });
    else if (dotted) planned.push({ column, target: parseTarget(file, column, 'column') });
    else if (opts.unknownColumns === 'properties') planned.push({ column, target: { kind: 'dotted', root: 'properties', path: [column] } });
    else unknown.push(column);
  }
  if (unknown.length) {
    const list = unknown.map((c) => `"${c}"`).join(', ');
    const first = unknown[0]!;
    throw new ImportError(
      `${file}: unknown column${unknown.length > 1 ? 's' : ''} ${list}. Map ${unknown.length > 1 ? 'each' : 'it'} to a field ` +
        `(--map ${first}=properties.${first} or --map ${first}=userId), or keep unknown columns as properties ` +
        `(--unknown-columns properties). Known columns: ${Object.keys(COLUMN_NAMES).join(', ')}, and dotted ` +
        `properties.x, traits.x, context.x.y.`,
      file,
    );
  }
  for (const c of opts.constants ?? []) planned.push({ column: `--set ${c.name}`, target: c.target, constant: c.value });
  checkCollisions(file, planned);
  return planned;
}

const described = (column: string) => (column.startsWith('--set ') ? column : `column "${column}"`);

/** Two columns (or a column and a constant) may not fill the same field, nor one path and a path inside it. */
export function checkCollisions(file: string, planned: readonly Pick<PlannedColumn, 'column' | 'target'>[]): void {
  const seen = new Map<string, string>();
  for (const { column, target } of planned) {
    const key = targetKey(target);
    const other = seen.get(key);
    if (other !== undefined) {
      if (!column.startsWith('--set ')) throw new ImportError(`${file}: columns "${other}" and "${column}" both fill ${key}; map one elsewhere`, file);
      throw new ImportError(`${file}: ${described(other)} and ${column} both fill ${key}; drop ${column} or map the column elsewhere`, file);
    }
    seen.set(key, column);
  }
  for (const [key, column] of seen) {
    for (const [inner, innerColumn] of seen) {
      if (inner.startsWith(`${key}.`) && key.includes('.')) {
        throw new ImportError(`${file}: ${described(column)} fills ${key} but ${described(innerColumn)} fills ${inner} inside it`, file);
      }
    }
  }
}
