import {
  type CountryCode,
  type PhoneNumber,
  parsePhoneNumberFromString as parseWithMetadata,
} from 'libphonenumber-js/core';
import { maxPhoneMetadata } from '../../runtime/phone-metadata';
import { digitRuns, type Group, normalise } from './phone-text';

/** libphonenumber with its `max` metadata (real ranges), loaded the first time a number is parsed. */
function parsePhoneNumberFromString(text: string, defaultCountry?: CountryCode): PhoneNumber | undefined {
  return defaultCountry === undefined
    ? parseWithMetadata(text, maxPhoneMetadata())
    : parseWithMetadata(text, defaultCountry, maxPhoneMetadata());
}

/**
 * Phone detection in social messages. People write numbers every way they can, often on purpose to slip past
 * platform filters: "06 12 34 56 78", "06.12.34.56.78", "+33 (0)6 12…", "0033 6…", "𝟎𝟔 𝟏𝟐…" (styled fonts),
 * "0️⃣6️⃣…" (keycaps), "O6 l2…" (letters for digits), "zéro six douze…". Messages are also full of numbers that
 * are not phones: prices, dates, order and tracking numbers, postal codes, IBANs. So:
 *   1. normalise the text (NFKC, keycaps, spelled digits, look-alike letters inside digit runs);
 *   2. cut it into runs of digit groups separated by spaces, dots, dashes, slashes or brackets;
 *   3. try every contiguous window of groups (longest first) with libphonenumber (`max` metadata: real ranges);
 *   4. keep a window only if it is valid AND written like a phone: international (+cc / 00cc), or national with
 *      its trunk prefix ("06…" in France), unless a phone word ("tel", "whatsapp"…) announces it;
 *   5. drop windows announced by an order/price/bank word or followed by a currency or unit.
 */
export interface DetectedPhone {
  /** E.164, e.g. +33612345678. */
  e164: string;
  /** The text as matched after normalisation (for explanations). */
  matched: string;
}

const PHONE_WORDS =
  /\b(t[ée]l[ée]?(phone)?|tel|phone|portable|mobile|cell|gsm|num[ée]ro|num|whats\s?app|wa|appel(le|ez)?|call|text|sms|joindre|contact(er)?|reach|ring)\b[^.!?\n\d]{0,16}$/i;
const NOT_A_PHONE_BEFORE =
  /(\b(commande|cde|order|r[ée]f([ée]rence)?|ref|facture|invoice|tracking|suivi|colis|parcel|siret|siren|iban|rib|bic|tva|vat|carte|card|code|postal|zip|prix|price|total|montant|amount|tarif|date|ticket|dossier|client|account|compte)\b\.?[^.!?\n\d]{0,14}|[#€$£]\s?)$/i;
const NOT_A_PHONE_AFTER =
  /^\s*(€|eur\b|euros?\b|\$|usd\b|dollars?\b|£|k€|%|km\b|kg\b|g\b|cm\b|mm\b|m2\b|m²|ans\b|years?\b|pcs\b|pi[eè]ces?\b|followers?\b|abonn[ée]s\b|vues\b|views\b|likes?\b)/i;
/** A short date like 12/05/2024 or 2024-05-12 is read as a date, never as a phone. */
const looksLikeDate = (raw: string) =>
  /^\d{1,2}[/.-]\d{1,2}[/.-](\d{4}|\d{2})$/.test(raw) || /^\d{4}[/.-]\d{1,2}[/.-]\d{1,2}$/.test(raw);

function candidateAt(text: string, groups: Group[], defaultCountry: CountryCode): DetectedPhone | null {
  const first = groups[0]!;
  const last = groups.at(-1)!;
  const raw = text.slice(first.start, last.end);
  let digits = groups.map((g) => g.digits).join('');
  const charBefore = text[first.start - 1] ?? ' ';
  const charAfter = text[last.end] ?? ' ';
  // Glued to a word or an email ("ref0612345678", "jean0612345678@…"): an identifier, not a phone.
  if (/[\p{L}@_]/u.test(charBefore) || /[\p{L}@]/u.test(charAfter)) return null;
  if (looksLikeDate(raw)) return null;
  const before = text.slice(Math.max(0, first.start - 30), first.start).replace(/\+\s*$/, '');
  const plus = /\+\s?$/.test(text.slice(Math.max(0, first.start - 2), first.start));
  const doubleZero = !plus && digits.startsWith('00') && digits.length > 10;
  const international = plus || doubleZero;
  if (doubleZero) digits = digits.slice(2);
  if (digits.length < 8 || digits.length > 15) return null;
  if (NOT_A_PHONE_AFTER.test(text.slice(last.end, last.end + 12))) return null;
  const announced = PHONE_WORDS.test(before);
  if (!announced && NOT_A_PHONE_BEFORE.test(before)) return null;

  const parsed = parsePhoneNumberFromString(international ? `+${digits}` : digits, defaultCountry);
  if (!parsed?.isValid()) return null;
  if (!international && !announced) {
    // National form must be written in full, trunk prefix included ("06…", not "6…"), which is how people
    // write their own number and rarely how an order number looks.
    const nationalDigits = parsed.formatNational().replace(/\D/g, '');
    if (nationalDigits !== digits) return null;
  }
  return { e164: parsed.number, matched: raw };
}

/** Every phone found in the text, in order, without duplicates. */
export function detectPhones(text: string, defaultCountry: CountryCode = 'FR'): DetectedPhone[] {
  const normalised = normalise(text);
  const found: DetectedPhone[] = [];
  for (const run of digitRuns(normalised)) {
    let i = 0;
    while (i < run.length) {
      let matchedUpTo = -1;
      for (let j = run.length - 1; j >= i; j -= 1) {
        const candidate = candidateAt(normalised, run.slice(i, j + 1), defaultCountry);
        if (candidate) {
          if (!found.some((f) => f.e164 === candidate.e164)) found.push(candidate);
          matchedUpTo = j;
          break;
        }
      }
      i = matchedUpTo >= 0 ? matchedUpTo + 1 : i + 1;
    }
  }
  return found;
}

/**
 * Finds the first plausible phone number in a message and returns it in E.164, or null.
 * Default region FR: "06 12 34 56 78" → +33612345678; international forms ("+33 6…", "0033 6…") work anywhere.
 */
export function detectPhone(text: string, defaultCountry: CountryCode = 'FR'): string | null {
  return detectPhones(text, defaultCountry)[0]?.e164 ?? null;
}

/** A number someone (or a model) already isolated, checked and put in E.164; null when it is not a valid phone. */
export function normalisePhone(raw: string, defaultCountry: CountryCode = 'FR'): string | null {
  const trimmed = raw.normalize('NFKC').trim();
  const international = trimmed.startsWith('+') || /^00[1-9]/.test(trimmed.replace(/\D/g, ''));
  const digits = trimmed.replace(/\D/g, '');
  const parsed = parsePhoneNumberFromString(
    international ? `+${digits.replace(/^00/, '')}` : digits,
    defaultCountry,
  );
  return parsed?.isValid() ? parsed.number : null;
}

export type PhoneProblem = 'no_number' | 'several_numbers' | 'invalid_number';

export type PhoneCheck = { ok: true; phone: string } | { ok: false; problem: PhoneProblem };

/** Only a number, as someone answers "your phone?": digits with their usual separators and an optional +. */
const ONLY_A_NUMBER = /^\s*\+?[\d\s.\-–()/]{6,}\s*$/;

/**
 * The answer to "what is your phone number?", in E.164 or why not. The question announces the number, so a bare
 * number is read as one even without its trunk prefix ("6 12 34 56 78"); in a sentence the detector's rules apply.
 * Two different numbers are refused: which one is theirs is for the person to say.
 */
export function checkPhoneAnswer(text: string, defaultCountry: CountryCode = 'FR'): PhoneCheck {
  const normalised = normalise(text);
  if (ONLY_A_NUMBER.test(normalised)) {
    const phone = normalisePhone(normalised, defaultCountry);
    return phone ? { ok: true, phone } : { ok: false, problem: 'invalid_number' };
  }
  const found = detectPhones(text, defaultCountry);
  if (found.length === 1) return { ok: true, phone: found[0]!.e164 };
  if (found.length > 1) return { ok: false, problem: 'several_numbers' };
  const digits = normalised.replace(/\D/g, '');
  return { ok: false, problem: digits.length >= 6 ? 'invalid_number' : 'no_number' };
}

/**
 * When the rules' reading of a message's number is open to doubt, so a second opinion (the AI engine's
 * extractPhoneNumber) is worth its cost:
 *   - `several_numbers`: the rules found two or more different valid numbers (whose is the person's?);
 *   - `no_country_code`: they found none, but a run of 8 to 15 digits written without a country code (no + nor
 *     00), not a date, not announced as an order, price or bank number and not followed by a unit, that the rules
 *     did not read as a phone of the assumed region: a number from elsewhere ("07911 123456"), or one written
 *     without its trunk prefix ("6 12 34 56 78").
 * Workspaces have no region of their own yet, so the assumed region is the detector's (FR).
 * Null when the rules' answer stands (one number, or digits that are plainly something else).
 */
export interface PhoneAmbiguity {
  reason: 'several_numbers' | 'no_country_code';
  /** E.164 numbers for `several_numbers`, the digits as written for `no_country_code`. */
  candidates: string[];
}

export function phoneAmbiguity(text: string, defaultCountry: CountryCode = 'FR'): PhoneAmbiguity | null {
  const found = detectPhones(text, defaultCountry);
  if (found.length > 1) return { reason: 'several_numbers', candidates: found.map((f) => f.e164) };
  if (found.length === 1) return null;
  const normalised = normalise(text);
  const unplaced: string[] = [];
  for (const run of digitRuns(normalised)) {
    const first = run[0]!;
    const last = run.at(-1)!;
    const raw = normalised.slice(first.start, last.end);
    const digits = run.map((g) => g.digits).join('');
    if (digits.length < 8 || digits.length > 15 || digits.startsWith('00')) continue;
    if (/\+\s?$/.test(normalised.slice(Math.max(0, first.start - 2), first.start))) continue;
    if (
      /[\p{L}@_]/u.test(normalised[first.start - 1] ?? ' ') ||
      /[\p{L}@]/u.test(normalised[last.end] ?? ' ')
    )
      continue;
    if (looksLikeDate(raw)) continue;
    if (NOT_A_PHONE_AFTER.test(normalised.slice(last.end, last.end + 12))) continue;
    const before = normalised.slice(Math.max(0, first.start - 30), first.start);
    if (!PHONE_WORDS.test(before) && NOT_A_PHONE_BEFORE.test(before)) continue;
    unplaced.push(raw);
  }
  return unplaced.length > 0 ? { reason: 'no_country_code', candidates: unplaced } : null;
}

/**
 * Whether a number (E.164) is really written in the text: its national digits appear among the text's digits.
 * A model's reading of a message is taken only then, so it cannot make up a number, or be told to.
 */
export function numberInText(e164: string, text: string): boolean {
  const national = parsePhoneNumberFromString(e164)?.nationalNumber;
  return national !== undefined && normalise(text).replace(/\D/g, '').includes(national);
}
