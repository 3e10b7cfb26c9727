import { afterEach, describe, expect, it, vi } from 'vitest';
import { blobOf, blobType, download, fileName, type Saver } from './download';

describe('download', () => {
  afterEach(() => vi.useRealTimers());

  it('gives text types their charset and keeps others', () => {
    expect(blobType('text/csv')).toBe('text/csv;charset=utf-8');
    expect(blobType('text/csv; charset=utf-8')).toBe('text/csv; charset=utf-8');
    expect(blobType('application/pdf')).toBe('application/pdf');
    expect(blobType('')).toBe('application/octet-stream');
  });

  it('saves under the answered name, made safe, Cyrillic kept', () => {
    expect(fileName('audit-2026-05-20.csv')).toBe('audit-2026-05-20.csv');
    expect(fileName('переписка Анна.csv')).toBe('переписка Анна.csv');
    expect(fileName('../../etc/passwd')).toBe('passwd');
    expect(fileName('a:b*c?.csv')).toBe('a_b_c_.csv');
    expect(fileName('   ', 'transcript.csv')).toBe('transcript.csv');
    expect(fileName('.hidden')).toBe('hidden');
  });

  it('keeps the text byte for byte (the server’s byte-order mark once, Cyrillic as UTF-8)', async () => {
    const blob = blobOf({ name: 'x.csv', mime: 'text/csv', text: '\uFEFFкто,что\n' });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)).toBe('\uFEFFкто,что\n');
    expect(blob.type).toBe('text/csv;charset=utf-8');
  });

  it('clicks a link to a Blob once and lets the URL go afterwards', () => {
    vi.useFakeTimers();
    const calls: string[] = [];
    const saver: Saver = {
      createObjectURL: (blob) => (calls.push(`create ${blob.type}`), 'blob:1'),
      click: (url, name) => calls.push(`click ${url} ${name}`),
      revokeObjectURL: (url) => calls.push(`revoke ${url}`),
    };
    expect(download({ name: 'audit.csv', mime: 'text/csv', text: 'a' }, saver)).toBe('audit.csv');
    expect(calls).toEqual(['create text/csv;charset=utf-8', 'click blob:1 audit.csv']);
    vi.runAllTimers();
    expect(calls.at(-1)).toBe('revoke blob:1');
  });
});
