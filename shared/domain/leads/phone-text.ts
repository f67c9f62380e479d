import { spelledDigitsToDigits } from './number-words';

/**
 * How phone numbers are written in messages, without phone metadata: the text normalisation and digit runs the
 * detector (phone.ts, libphonenumber `max`) reads, and `writesPhone`, which tells whether a message writes a
 * number already known in E.164. Kept apart from phone.ts so code that only needs the latter (the lead summary
 * route) does not bundle libphonenumber's ~190 KB of metadata.
 */

const SEPARATOR = /^[\s.\-–_/()]{1,3}$/;

/** NFKC, keycaps, spelled digits, look-alike letters inside digit runs: what the detector reads. */
export function normalise(text: string): string {
  return (
    spelledDigitsToDigits(
      text
        .normalize('NFKC')
        // keycap emoji 0️⃣ → 0
        .replace(/([0-9])\uFE0F?\u20E3/g, '$1')
        // "+33 (0)6…": the (0) is the trunk prefix people keep by habit; it is not dialled after +33.
        .replace(/(\+\d{1,3})\s*\(0\)\s*/g, '$1 '),
    )
      // look-alike letters, only when wedged in a digit run: "O6 l2 34" → "06 12 34"
      .replace(/(?<=^|[\d\s.-])[oO](?=\d)|(?<=\d)[oO](?=[\s.-]?\d)/g, '0')
      .replace(/(?<=\d[\s.-]?)[lI](?=\d)|(?<=[\s.-])[lI](?=\d)/g, '1')
  );
}

export interface Group {
  digits: string;
  start: number;
  end: number;
}

/** Runs of digit groups, split where the text between two groups is not a separator. */
export function digitRuns(text: string): Group[][] {
  const runs: Group[][] = [];
  let current: Group[] = [];
  for (const match of text.matchAll(/\d+/g)) {
    const group = { digits: match[0], start: match.index, end: match.index + match[0].length };
    const previous = current.at(-1);
    const between = previous ? text.slice(previous.end, group.start) : '';
    if (previous && SEPARATOR.test(between) && !/\)\s*\(/.test(between)) current.push(group);
    else {
      if (current.length > 0) runs.push(current);
      current = [group];
    }
  }
  if (current.length > 0) runs.push(current);
  return runs;
}

/**
 * Whether the text writes the number `e164` (+33612345678): some contiguous digit groups of it read as the number
 * in international form ("+33 6 12…", "0033 6…") or national form ("06 12 34 56 78", "6 12 34 56 78"), the
 * national number being the E.164 digits after a 1 to 3 digit country code (the code's length is not known
 * without phone metadata, so each is tried; a national number is at least 6 digits).
 */
export function writesPhone(e164: string, text: string): boolean {
  const digits = e164.replace(/\D/g, '');
  if (digits.length < 7) return false;
  const forms = new Set([digits, `00${digits}`]);
  for (let code = 1; code <= 3; code += 1) {
    const national = digits.slice(code);
    if (national.length >= 6) forms.add(national).add(`0${national}`);
  }
  for (const run of digitRuns(normalise(text)))
    for (let i = 0; i < run.length; i += 1) {
      let written = '';
      for (let j = i; j < run.length; j += 1) {
        written += run[j]!.digits;
        if (forms.has(written)) return true;
      }
    }
  return false;
}
