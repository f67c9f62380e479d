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

  it('leaves an E.164 phone number as a number, and neutralises everything else that starts like one', () => {
    // Prepare
    const phones = ['+33612345678', '+14155550123', '+447911123456', '+861391234567890'];
    const formulas = [
      '+1+2',
      '-2+3',
      '=HYPERLINK("http://evil.example","x")',
      '@SUM(A1:A2)',
      ' =1+1',
      '  +1+2',
      '\u00a0=1+1',
      '\t=1+1',
      '\r=1+1',
      '+33612345678=',
      '+33 6 12 34 56 78',
      '+0612345678',
      '+1234567890123456',
      '-33612345678',
    ];
    // Act
    const kept = phones.map((phone) => csvCell(phone));
    const neutralised = formulas.map((formula) => csvCell(formula).replace(/^"|"$/g, ''));
    // Assess
    expect(kept).toEqual(phones);
    for (const [i, cell] of neutralised.entries()) expect(cell, formulas[i]).toMatch(/^'/);
  });

  it('ends every record with CRLF', () => {
    expect(csvRecord(['a', 1, null])).toBe('a,1,\r\n');
  });
});
