import { describe, expect, it } from 'vitest';
import { csvCell, csvRecord } from '../../../shared/domain/leads/csv';

describe('Function: csvCell', () => {
  it('quotes fields with commas, quotes, CR or LF and doubles inner quotes (RFC 4180)', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(42)).toBe('42');
  });

  it('neutralises cells a spreadsheet would run as a formula', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r'])
      expect(csvCell(`${start}cmd`).replace(/^"|"$/g, '').startsWith(`'${start}`)).toBe(true);
    expect(csvCell('=1+2,3')).toBe(`"'=1+2,3"`);
    expect(csvCell(-5)).toBe('-5');
  });

  it('ends every record with CRLF', () => {
    expect(csvRecord(['a', 1, null])).toBe('a,1,\r\n');
  });
});
