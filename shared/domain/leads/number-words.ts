/**
 * Spelled-out digits, as people dictate a phone number to dodge platform filters:
 * "zéro six douze trente-quatre cinquante-six soixante-dix-huit" → "0 6 12 34 56 78".
 * Each number word group becomes its digits; only long runs are rewritten (a phone is at least five groups),
 * so "deux ou trois" or "six pièces" stay words and never become a false phone number.
 */
const UNITS: Record<string, number> = {
  zero: 0,
  un: 1,
  une: 1,
  deux: 2,
  trois: 3,
  quatre: 4,
  cinq: 5,
  six: 6,
  sept: 7,
  huit: 8,
  neuf: 9,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  seven: 7,
  eight: 8,
  nine: 9,
};
const TEENS: Record<string, number> = {
  dix: 10,
  onze: 11,
  douze: 12,
  treize: 13,
  quatorze: 14,
  quinze: 15,
  seize: 16,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = {
  vingt: 20,
  vingts: 20,
  trente: 30,
  quarante: 40,
  cinquante: 50,
  soixante: 60,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const FILLERS = new Set(['et', 'and']);
const MIN_GROUPS = 5;

const stripAccents = (word: string) => word.normalize('NFD').replace(/\p{M}/gu, '');

/** French teens above 16 are compounds: dix-sept, dix-huit, dix-neuf. */
function teenAt(tokens: string[], i: number): [number, number] | null {
  const word = tokens[i];
  if (word === undefined) return null;
  if (word === 'dix' && UNITS[tokens[i + 1] ?? ''] !== undefined && (UNITS[tokens[i + 1]!] ?? 0) >= 7)
    return [10 + UNITS[tokens[i + 1]!]!, 2];
  if (TEENS[word] !== undefined) return [TEENS[word], 1];
  return null;
}

/** Reads one number (0–99) starting at token i; returns [value, tokens used] or null. */
function numberAt(tokens: string[], i: number): [number, number] | null {
  const word = tokens[i];
  if (word === undefined) return null;
  // quatre-vingt(s) [-dix…|-unit]
  if (word === 'quatre' && (tokens[i + 1] === 'vingt' || tokens[i + 1] === 'vingts')) {
    const teen = teenAt(tokens, i + 2);
    if (teen) return [80 + teen[0], 2 + teen[1]];
    const unit = UNITS[tokens[i + 2] ?? ''];
    if (unit !== undefined && unit > 0) return [80 + unit, 3];
    return [80, 2];
  }
  const tens = TENS[word];
  if (tens !== undefined) {
    let used = 1;
    if (FILLERS.has(tokens[i + used] ?? '')) used += 1;
    if (tens === 60) {
      const teen = teenAt(tokens, i + used);
      if (teen) return [60 + teen[0], used + teen[1]];
    }
    const unit = UNITS[tokens[i + used] ?? ''];
    if (unit !== undefined && unit > 0) return [tens + unit, used + 1];
    return [tens, 1];
  }
  const teen = teenAt(tokens, i);
  if (teen) return teen;
  const unit = UNITS[word];
  if (unit !== undefined) return [unit, 1];
  return null;
}

/** Rewrites long runs of spelled-out numbers as digit groups; leaves everything else untouched. */
export function spelledDigitsToDigits(text: string): string {
  const parts = text.split(/([\s\-,]+)/);
  const words = parts.map((part) => stripAccents(part.toLowerCase()));
  const out: string[] = [];
  let i = 0;
  while (i < parts.length) {
    if (/^[\s\-,]*$/.test(words[i]!)) {
      out.push(parts[i]!);
      i += 1;
      continue;
    }
    // Collect a run of number words (separators are every other part).
    const tokens: string[] = [];
    const tokenParts: number[] = [];
    let j = i;
    while (j < parts.length) {
      const word = words[j]!;
      if (/^[\s\-,]*$/.test(word)) {
        j += 1;
        continue;
      }
      if (UNITS[word] === undefined && TEENS[word] === undefined && TENS[word] === undefined) {
        if (!(FILLERS.has(word) && tokens.length > 0)) break;
      }
      tokens.push(word);
      tokenParts.push(j);
      j += 1;
    }
    const groups: string[] = [];
    let t = 0;
    while (t < tokens.length) {
      const read = numberAt(tokens, t);
      if (!read) break;
      groups.push(String(read[0]));
      t += read[1];
    }
    if (groups.length >= MIN_GROUPS) {
      out.push(groups.join(' '));
      const lastPart = tokenParts[t - 1] ?? i;
      i = lastPart + 1;
      continue;
    }
    // Not a phone-like run: keep it verbatim (at least one part, so the loop always advances).
    const lastPart = Math.max(i, tokenParts.at(-1) ?? i);
    for (let k = i; k <= lastPart; k += 1) out.push(parts[k]!);
    i = lastPart + 1;
  }
  return out.join('');
}
