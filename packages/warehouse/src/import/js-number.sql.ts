/**
 * Macro `_imp_js_number(text)`: the text of an id sent as a JSON number. An integer keeps its
 * digits exactly, however long (a 20-digit CRM id must not become 12345678901234567000; DuckDB's
 * JSON reader keeps big integers as their text; `-0` is 0). Any other number is written as
 * JavaScript's `String(Number(text))` writes it, as the HTTP path stores it (ECMA-262
 * Number::toString: shortest round-trip digits, plain notation from 1e-7 up to 1e21, exponent
 * form outside); DuckDB's DOUBLE→VARCHAR gives the same shortest digits in another layout, which
 * this re-lays out.
 */
export const JS_NUMBER_MACRO = `CREATE OR REPLACE TEMP MACRO _imp_js_number(x) AS
  CASE
    WHEN regexp_full_match(x, '-?(0|[1-9][0-9]*)') THEN (CASE WHEN x = '-0' THEN '0' ELSE x END)
    WHEN CAST(x AS DOUBLE) = 0 THEN '0'
    ELSE list_transform(
      [regexp_extract(CAST(CAST(x AS DOUBLE) AS VARCHAR), '^(-?)([0-9]+)(?:\\.([0-9]+))?(?:e([+-]?[0-9]+))?$', ['sg', 'ip', 'fp', 'ex'])],
      lambda m: list_transform(
        [{'sg': m.sg, 'all': m.ip || m.fp, 'n': CAST(coalesce(nullif(m.ex, ''), '0') AS INTEGER) + length(m.ip)}],
        lambda a: list_transform(
          [{'sg': a.sg, 'digits': rtrim(ltrim(a.all, '0'), '0'), 'n': a.n - (length(a.all) - length(ltrim(a.all, '0')))}],
          lambda b: b.sg || CASE
            WHEN length(b.digits) <= b.n AND b.n <= 21 THEN b.digits || repeat('0', b.n - length(b.digits))
            WHEN 0 < b.n AND b.n <= 21 THEN b.digits[1:b.n] || '.' || b.digits[b.n + 1:]
            WHEN -6 < b.n AND b.n <= 0 THEN '0.' || repeat('0', -b.n) || b.digits
            ELSE b.digits[1:1] || CASE WHEN length(b.digits) > 1 THEN '.' || b.digits[2:] ELSE '' END
                 || 'e' || CASE WHEN b.n - 1 >= 0 THEN '+' ELSE '-' END || CAST(abs(b.n - 1) AS VARCHAR)
          END
        )[1]
      )[1]
    )[1]
  END`;
