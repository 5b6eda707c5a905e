import type { OpenApiDocument, OpenApiOperation } from './build-document.js';
import type { JsonSchema } from './json-schema.js';
import { KEY_KIND_LABEL } from './route-doc.js';

// The OpenAPI document as one self-contained HTML page: inline CSS, no script, nothing loaded
// from anywhere. Routes are grouped by tag; each shows its key, parameters, body and errors.

const esc = (s: unknown) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
/** `code` spans for the backticks of a description. */
const prose = (s: string) => esc(s).replace(/`([^`]+)`/g, '<code>$1</code>');

const MAX_DEPTH = 8;

function resolve(doc: OpenApiDocument, s: JsonSchema): JsonSchema {
  const ref = s.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/components/schemas/')) return s;
  return doc.components.schemas[ref.slice('#/components/schemas/'.length)] ?? s;
}

/** A named schema's name, for `$ref`s into the document's components. */
const refName = (s: JsonSchema) => (typeof s.$ref === 'string' && s.$ref.startsWith('#/components/schemas/') ? s.$ref.slice('#/components/schemas/'.length) : undefined);

const variantsOf = (s: JsonSchema) => (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined;

/** A short type text: `string`, `array of object`, `"eq" | "neq"`, `integer or string`. */
function typeText(doc: OpenApiDocument, raw: JsonSchema, depth = 0): string {
  if (depth > MAX_DEPTH) return refName(raw) ?? 'any JSON';
  const s = resolve(doc, raw);
  if ('const' in s) return JSON.stringify(s.const);
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  const variants = variantsOf(s);
  if (variants) return [...new Set(variants.map((v) => typeText(doc, v, depth + 1)))].join(' or ');
  if (s.type === 'array') return `array of ${s.items ? typeText(doc, s.items as JsonSchema, depth + 1) : 'anything'}`;
  if (Array.isArray(s.type)) return s.type.join(' | ');
  if (typeof s.type === 'string') return s.type;
  return 'any JSON';
}

/** Limits, default and description of one schema, as short phrases. */
function notes(s: JsonSchema): string[] {
  const out: string[] = [];
  const n = (k: string, label: string) => (typeof s[k] === 'number' ? out.push(`${label} ${s[k]}`) : 0);
  n('minimum', '≥');
  n('exclusiveMinimum', '>');
  n('maximum', '≤');
  n('exclusiveMaximum', '<');
  n('minLength', 'min length');
  n('maxLength', 'max length');
  n('minItems', 'min items');
  n('maxItems', 'max items');
  if (typeof s.pattern === 'string') out.push(`pattern ${s.pattern}`);
  if (typeof s.format === 'string') out.push(`format ${s.format}`);
  if ('default' in s) out.push(`default ${JSON.stringify(s.default)}`);
  if (s.additionalProperties === false) out.push('no other fields');
  return out;
}

interface Expansion {
  objects: JsonSchema[];
  /** Named schemas met on the way (an expanded object's own path carries them). */
  refs: string[];
  /** Named schemas left out because they are already being expanded above (a recursive shape). */
  recursive: string[];
}

/** The object schemas under `s` worth expanding (an array's items, a union's object variants); a schema already open above is not opened again. */
function objectsUnder(doc: OpenApiDocument, raw: JsonSchema, open: ReadonlySet<string> = new Set()): Expansion {
  const name = refName(raw);
  if (name !== undefined && open.has(name)) return { objects: [], refs: [], recursive: [name] };
  const s = resolve(doc, raw);
  const inner = new Set(open);
  if (name !== undefined) inner.add(name);
  const here = (e: Expansion): Expansion => (name === undefined ? e : { ...e, refs: [name, ...e.refs] });
  if (s.properties) return here({ objects: [s], refs: [], recursive: [] });
  if (s.type === 'array' && s.items) return here(objectsUnder(doc, s.items as JsonSchema, inner));
  const parts = (variantsOf(s) ?? []).map((v) => objectsUnder(doc, v, inner));
  return here({ objects: parts.flatMap((e) => e.objects), refs: parts.flatMap((e) => e.refs), recursive: parts.flatMap((e) => e.recursive) });
}

function fieldsTable(doc: OpenApiDocument, s: JsonSchema, depth: number, open: ReadonlySet<string> = new Set()): string {
  const props = (s.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((s.required ?? []) as string[]);
  const rows = Object.entries(props).map(([name, raw]) => {
    const p = resolve(doc, raw);
    const desc = typeof p.description === 'string' ? `<div>${prose(p.description)}</div>` : '';
    const expansion = depth < MAX_DEPTH ? objectsUnder(doc, raw, open) : { objects: [], refs: [], recursive: [] };
    const nested = expansion.objects;
    const inner2 = new Set([...open, ...expansion.refs]);
    const again = [...new Set(expansion.recursive)];
    const recursiveNote = again.length ? `<div class="muted">recursive: each item has the shape of ${again.map((n) => `<code>${esc(n)}</code>`).join(', ')} described above</div>` : '';
    const inner = nested.length
      ? `<details><summary>fields of ${esc(name)}</summary>${nested.map((o, i) => (nested.length > 1 ? `<p class="variant">variant ${i + 1}${variantLabel(o)}</p>` : '') + fieldsTable(doc, o, depth + 1, inner2)).join('')}</details>`
      : '';
    // A nested object gets a full-width row under its field, so deep tables keep their width.
    return `<tr><td><code>${esc(name)}</code>${required.has(name) ? ' <span class="req">required</span>' : ''}</td><td>${esc(typeText(doc, p))}</td><td>${esc(notes(p).join(', '))}${desc}${recursiveNote}</td></tr>${inner ? `<tr class="nested"><td colspan="3">${inner}</td></tr>` : ''}`;
  });
  return rows.length ? `<table class="fields"><thead><tr><th>field</th><th>type</th><th>notes</th></tr></thead><tbody>${rows.join('')}</tbody></table>` : '<p class="muted">no fields</p>';
}

/** ` (type = "track")` for a union variant told apart by a constant field. */
function variantLabel(s: JsonSchema): string {
  for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, JsonSchema>)) if ('const' in v) return ` (${esc(k)} = ${esc(JSON.stringify(v.const))})`;
  return '';
}

/** A body schema: its fields, each union variant's fields, or its type. */
function schemaBlock(doc: OpenApiDocument, raw: JsonSchema | undefined): string {
  if (!raw) return '<p class="muted">JSON (shape described in the docs)</p>';
  const s = resolve(doc, raw);
  const { objects, refs } = objectsUnder(doc, raw);
  const open = new Set(refs);
  const head = `<p>${esc(typeText(doc, s))}${notes(s).length ? ` <span class="muted">(${esc(notes(s).join(', '))})</span>` : ''}${typeof s.description === 'string' ? ` — ${prose(s.description)}` : ''}</p>`;
  if (objects.length === 0) return head;
  if (objects.length === 1 && objects[0] === s) return fieldsTable(doc, s, 1, open);
  return head + objects.map((o, i) => `<p class="variant">variant ${i + 1}${variantLabel(o)}</p>${fieldsTable(doc, o, 1, open)}`).join('');
}

function operationHtml(doc: OpenApiDocument, method: string, path: string, op: OpenApiOperation): string {
  const parts: string[] = [];
  parts.push(`<h3><span class="method ${esc(method)}">${esc(method.toUpperCase())}</span> <code class="path">${esc(path)}</code></h3>`);
  parts.push(`<p class="summary">${prose(op.summary)}</p>`);
  if (op.description) parts.push(`<p>${prose(op.description)}</p>`);
  parts.push(`<p class="key"><strong>Key:</strong> ${esc(KEY_KIND_LABEL[op['x-key-kind']])}</p>`);
  if (op.parameters?.length) {
    const rows = op.parameters.map(
      (p) =>
        `<tr><td><code>${esc(p.name)}</code>${p.required ? ' <span class="req">required</span>' : ''}</td><td>${esc(p.in)}</td><td>${esc(typeText(doc, p.schema))}</td><td>${esc(notes(p.schema).join(', '))}${p.description ? `<div>${prose(p.description)}</div>` : ''}</td></tr>`,
    );
    parts.push(`<h4>Parameters</h4><table class="fields"><thead><tr><th>name</th><th>in</th><th>type</th><th>notes</th></tr></thead><tbody>${rows.join('')}</tbody></table>`);
  }
  if (op.requestBody) {
    for (const [type, media] of Object.entries(op.requestBody.content)) {
      parts.push(
        `<h4>Request body <span class="muted">${esc(type)}${op.requestBody.required ? '' : ', optional'}</span></h4>` +
          (op.requestBody.description ? `<p>${prose(op.requestBody.description)}</p>` : '') +
          (media.schema && media.schema.contentMediaType === undefined ? schemaBlock(doc, media.schema) : ''),
      );
    }
  }
  const responses = Object.entries(op.responses).map(([status, r]) => {
    const codes = r['x-error-codes'];
    const media = Object.entries(r.content ?? {})[0];
    const ok = status.startsWith('2');
    const body = ok && media ? (media[1].schema && media[0] === 'application/json' ? `<details><summary>${esc(media[0])}</summary>${schemaBlock(doc, media[1].schema)}</details>` : `<span class="muted">${esc(media[0])}</span>`) : '';
    const cell = codes ? codes.map((c) => `<code class="code">${esc(c)}</code>`).join(' ') : `${prose(r.description)} ${body}`;
    return `<tr><td class="status s${esc(status[0])}">${esc(status)}</td><td>${cell}</td></tr>`;
  });
  parts.push(`<h4>Answers</h4><table class="answers"><tbody>${responses.join('')}</tbody></table>`);
  return `<section class="op" id="${esc(op.operationId)}">${parts.join('\n')}</section>`;
}

const CSS = `
:root { color-scheme: light; --fg: #1d2430; --muted: #5b6472; --line: #d8dde5; --bg: #fff; --side: #f4f6f9; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); display: grid; grid-template-columns: 290px 1fr; }
nav { position: sticky; top: 0; height: 100vh; overflow: auto; background: var(--side); border-right: 1px solid var(--line); padding: 16px; font-size: 13px; }
nav h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); margin: 16px 0 4px; }
nav a { display: block; color: var(--fg); text-decoration: none; padding: 2px 0; overflow-wrap: anywhere; }
nav a:hover { text-decoration: underline; }
main { padding: 24px 40px; max-width: 1100px; min-width: 0; }
h1 { margin: 0 0 8px; }
h2.tag { border-bottom: 2px solid var(--line); padding-bottom: 4px; margin-top: 40px; }
.op { border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px; margin: 16px 0; }
.op h3 { margin: 0 0 4px; font-size: 17px; }
.op h4 { margin: 12px 0 4px; font-size: 14px; }
.method { display: inline-block; min-width: 64px; text-align: center; border-radius: 4px; padding: 1px 6px; color: #fff; font-size: 13px; }
.get { background: #1f6f43; } .post { background: #1d4f91; } .put { background: #7a4a00; } .patch { background: #6b3d99; } .delete { background: #a3262a; }
.m { font-family: ui-monospace, monospace; font-size: 11px; color: var(--muted); margin-right: 4px; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 13px; }
.summary { font-weight: 600; margin: 4px 0; }
.muted { color: var(--muted); font-weight: normal; }
.req { color: #a3262a; font-size: 12px; }
table { border-collapse: collapse; width: 100%; margin: 4px 0; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--side); font-size: 13px; }
td:nth-child(2) { overflow-wrap: anywhere; }
table.fields > thead > tr > th:first-child { width: 24%; } table.fields > thead > tr > th:nth-child(2) { width: 30%; }
tr.nested > td { padding-left: 24px; border-top: none; background: #fbfcfd; }
.answers td.status { width: 60px; font-weight: 600; }
.s2 { color: #1f6f43; } .s4 { color: #7a4a00; } .s5 { color: #a3262a; }
.code { background: var(--side); border-radius: 3px; padding: 0 4px; }
details { margin: 4px 0; } summary { cursor: pointer; color: #1d4f91; }
.variant { margin: 8px 0 2px; font-weight: 600; font-size: 13px; }
pre { background: var(--side); padding: 8px; overflow: auto; }
`;

/** The docs page for `doc`: a nav of routes by tag, then every route with its key, parameters, body and errors. */
export function renderDocsPage(doc: OpenApiDocument): string {
  const byTag = new Map<string, Array<[string, string, OpenApiOperation]>>(doc.tags.map((t) => [t.name, []]));
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const tag = op.tags[0] ?? 'Other';
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag)!.push([method, path, op]);
    }
  }
  const description = (name: string) => doc.tags.find((t) => t.name === name)?.description;
  const nav = [...byTag]
    .map(([tag, ops]) => `<h2>${esc(tag)}</h2>${ops.map(([m, p, op]) => `<a href="#${esc(op.operationId)}"><span class="m">${esc(m.toUpperCase())}</span>${esc(p)}</a>`).join('')}`)
    .join('');
  const sections = [...byTag]
    .map(([tag, ops]) => {
      const d = description(tag);
      return `<h2 class="tag" id="tag-${esc(tag.replace(/\W+/g, '-'))}">${esc(tag)}</h2>${d ? `<p>${prose(d)}</p>` : ''}${ops.map(([m, p, op]) => operationHtml(doc, m, p, op)).join('\n')}`;
    })
    .join('\n');
  const intro = doc.info.description.split('\n\n').map((p) => `<p>${prose(p)}</p>`).join('');
  const errorBody = schemaBlock(doc, { $ref: '#/components/schemas/ApiError' });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(doc.info.title)} ${esc(doc.info.version)}</title>
<style>${CSS}</style>
</head>
<body>
<nav aria-label="Routes"><strong>${esc(doc.info.title)}</strong>${nav}</nav>
<main>
<h1>${esc(doc.info.title)} <span class="muted">${esc(doc.info.version)}</span></h1>
${intro}
<p>The machine-readable document: <a href="/openapi.json"><code>/openapi.json</code></a> (OpenAPI ${esc(doc.openapi)}).</p>
<h2 class="tag" id="errors">Errors</h2>
<p>Every error answers this body; each route lists the status codes it can answer and the <code>error.code</code>s of each.</p>
${errorBody}
${sections}
</main>
</body>
</html>
`;
}
