import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isFormulaText, parseCsv, toCsv } from '../src/csv/csv.js';

test('quoting: comma, quote, CR and LF are quoted, quotes doubled, rows end with CRLF', () => {
  assert.equal(toCsv([['a,b', 'say "hi"', 'x\r\ny', null, 3]]), '"a,b","say ""hi""","x\r\ny",,3\r\n');
  assert.equal(toCsv([]), '');
});

test('text a spreadsheet would run as a formula gets a leading apostrophe; numbers do not', () => {
  const row = ['=HYPERLINK("http://evil.example","x")', '+1+2', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd', -3, '-3.5', '+1e5', 'a=b', ''];
  const [out] = parseCsv(toCsv([row]));
  assert.deepEqual(out, ["'=HYPERLINK(\"http://evil.example\",\"x\")", "'+1+2", "'-2+3", "'@SUM(A1)", "'\tcmd", "'\rcmd", '-3', '-3.5', '+1e5', 'a=b', '']);
});

test('round trip: every cell reads back as written, but for the apostrophe before a formula', () => {
  fc.assert(
    fc.property(fc.array(fc.array(fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }), (rows) => {
      const back = parseCsv(toCsv(rows));
      // parseCsv reads a lone empty row as no row at all
      const expected = rows.map((r) => r.map((v) => (typeof v === 'string' && isFormulaText(v) ? `'${v}` : String(v))));
      const normalise = (rs: string[][]) => rs.filter((r) => !(r.length === 1 && r[0] === ''));
      assert.deepEqual(normalise(back), normalise(expected));
    }),
  );
});
