/**
 * CSV encoding for the leads export (RFC 4180): fields separated by commas, records by CRLF, a field quoted when
 * it holds a comma, a quote, CR or LF, and quotes doubled inside. Cells that a spreadsheet would read as a
 * formula (=, +, -, @, tab, CR first, also after leading spaces, which spreadsheets skip) get a leading apostrophe:
 * an exported lead name like `=HYPERLINK(...)` must not run when the file is opened in Excel or Sheets (OWASP
 * "CSV injection", https://owasp.org/www-community/attacks/CSV_Injection). One exception: an E.164 phone number
 * (`+` then 8 to 15 digits, nothing else) is left as it is, so the phone column stays a number a spreadsheet can
 * dial; `+` followed by digits alone evaluates to that number and calls nothing.
 */
export const UTF8_BOM = '\uFEFF';
export const CSV_RECORD_END = '\r\n';

const FORMULA_START = /^[\t\r]|^[ \u00a0]*[=+\-@]/;
/** E.164: a country code and subscriber number, at most 15 digits, no leading zero (ITU-T E.164). */
const E164 = /^\+[1-9]\d{7,14}$/;
const NEEDS_QUOTES = /[",\r\n]/;

export type CsvValue = string | number | boolean | null | undefined;

export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) && !E164.test(text) ? `'${text}` : text;
}

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined || value === '') return '';
  // Numbers are written as numbers: a negative score is not a formula, and quoting it would turn it into text.
  if (typeof value === 'number') return String(value);
  const text = neutraliseFormula(String(value));
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRecord(values: readonly CsvValue[]): string {
  return values.map(csvCell).join(',') + CSV_RECORD_END;
}
