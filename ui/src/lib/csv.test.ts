// The same cases as the server's writer's tests (crates/core/src/export/csv.rs): both write
// the same bytes for the same cells.
import { describe, expect, it } from 'vitest';
import { BOM, csv } from './csv';

function body(file: string): string {
  expect(file.startsWith(BOM)).toBe(true);
  return file.slice(BOM.length);
}

describe('csv', () => {
  it('starts with a BOM and ends every record with CRLF', () => {
    expect(body(csv(['a', 'b'], [[1, 'x']]))).toBe('a,b\r\n1,x\r\n');
  });

  it('quotes commas, quotes and newlines as RFC 4180 says', () => {
    const file = csv(['t'], [['a,b'], ['say "hi"'], ['two\nlines'], ['cr\r\nlf'], ['plain']]);
    expect(body(file)).toBe('t\r\n"a,b"\r\n"say ""hi"""\r\n"two\nlines"\r\n"cr\r\nlf"\r\nplain\r\n');
  });

  it('writes Cyrillic as UTF-8 with a byte-order mark', () => {
    const file = csv(['Клиент'], [['Здравствуйте, нужна помощь']]);
    expect(body(file)).toBe('Клиент\r\n"Здравствуйте, нужна помощь"\r\n');
    expect([...new TextEncoder().encode(file).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('defuses text that starts like a formula', () => {
    const file = csv(['t'], [['=HYPERLINK("http://x")'], ['+7 900 000-00-00'], ['-1'], ['@SUM(A1)'], ['\tindent'], ['\rreturn'], ['a=b']]);
    expect(body(file)).toBe(
      't\r\n"\'=HYPERLINK(""http://x"")"\r\n\'+7 900 000-00-00\r\n\'-1\r\n\'@SUM(A1)\r\n\'\tindent\r\n"\'\rreturn"\r\na=b\r\n',
    );
  });

  it('keeps numbers numbers, even negative; nothing and non-finite are empty', () => {
    expect(body(csv(['n'], [[-42], [4.5], [null], [Number.NaN], [7]]))).toBe('n\r\n-42\r\n4.5\r\n\r\n\r\n7\r\n');
  });

  it('defuses a header too: it is text like any other', () => {
    expect(body(csv(['=x', 'y'], []))).toBe("'=x,y\r\n");
  });
});
