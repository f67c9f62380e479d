/**
 * How a scenario's keywords are compared with a message (CONTRACT.md "Scenarios gain `match`").
 *
 *   word        (default) every keyword is a word or phrase found as whole words, with plurals and gender folded:
 *               "tarif" matches "vos tarifs ?", "livraison" matches "Livraisons", "price" matches "PRICES" and
 *               "category" matches "categories" — but "prix" never matches "prise", nor "tarif" "tarifaire".
 *   contains    the keyword anywhere, even inside a word ("promo" matches "promotion").
 *   exact       the whole message is the keyword ("INFO !" matches "info"; "info svp" does not).
 *   starts_with the message begins with the keyword's words ("Infos svp" matches "info").
 *
 * Every mode folds case and accents. A keyword may be an emoji ("🔥" matches "🔥🔥", skin tones and the emoji
 * presentation selector folded) or a hashtag ("#promo" matches the hashtag #PROMO, not the word "promo" nor
 * "#promos", since a hashtag is an identifier; the plain keyword "promo" matches "#promo" too). `any` (default)
 * needs one keyword, `all` needs every one of them.
 */
export const KEYWORD_MATCH_MODES = ['word', 'contains', 'exact', 'starts_with'] as const;
export type KeywordMatchMode = (typeof KEYWORD_MATCH_MODES)[number];
export const KEYWORD_REQUIREMENTS = ['any', 'all'] as const;
export type KeywordRequirement = (typeof KEYWORD_REQUIREMENTS)[number];

/** Emoji presentation selector, zero-width joiner left in, skin-tone modifiers (U+1F3FB–U+1F3FF). */
const EMOJI_VARIANTS = /[\uFE0E\uFE0F]|\u{1F3FB}|\u{1F3FC}|\u{1F3FD}|\u{1F3FE}|\u{1F3FF}/gu;

/** Lower case, no diacritics, no emoji variants, single spaces: the form every mode compares. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{Mn}/gu, '')
    .replace(EMOJI_VARIANTS, '')
    .replace(/[’`´]/g, "'")
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

interface Token {
  kind: 'word' | 'hashtag' | 'emoji';
  /** Folded text of the token (without the # of a hashtag). */
  text: string;
}

// A word is letters and digits; a hashtag is # followed by a word; an emoji is one pictograph (ZWJ sequences
// such as 👨‍👩‍👧 kept whole). Everything else (spaces, punctuation, apostrophes) separates tokens.
const TOKEN =
  /#([\p{L}\p{N}_]+)|([\p{L}\p{N}]+)|(\p{Extended_Pictographic}(?:\u200D\p{Extended_Pictographic})*)/gu;

function tokenize(folded: string): Token[] {
  const tokens: Token[] = [];
  for (const match of folded.matchAll(TOKEN)) {
    if (match[1] !== undefined) tokens.push({ kind: 'hashtag', text: match[1] });
    else if (match[2] !== undefined) tokens.push({ kind: 'word', text: match[2] });
    else tokens.push({ kind: 'emoji', text: match[3]! });
  }
  return tokens;
}

/**
 * A light, symmetric stem for French and English plurals and gender: the same rules run on the keyword and on
 * the message, so they only need to map a word's forms onto one string, not to be linguistically right.
 *   -eaux/-aux → -eau/-al (bateaux, chevaux), -oux → -ou (bijoux); a final -s (not -ss, not after u/i: "plus",
 *   "colis" stay) or -es after s/x/z/ch/sh (boxes, dresses) is dropped; then -ies/-y → -i (categories /
 *   category) and a final mute -e (livrée / livré / livre) goes. "prix" and short words (≤ 3 letters) stay as
 *   they are, so "prix" never folds into "pris".
 */
export function stemWord(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let w = word;
  if (w.endsWith('eaux')) w = w.slice(0, -1);
  else if (w.endsWith('aux') && w.length > 4) w = `${w.slice(0, -3)}al`;
  else if (w.endsWith('oux')) w = w.slice(0, -1);
  else if (/(ss|sh|ch|x|z)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('ie')) w = w.slice(0, -1);
  else if (w.endsWith('y') && w.length > 3) w = `${w.slice(0, -1)}i`;
  while (w.endsWith('e') && w.length > 3) w = w.slice(0, -1);
  return w;
}

const sameToken = (keyword: Token, text: Token, fold: boolean): boolean => {
  if (keyword.kind === 'emoji' || text.kind === 'emoji')
    return keyword.kind === text.kind && keyword.text === text.text;
  // A hashtag keyword is an identifier: it matches that hashtag only, exactly.
  if (keyword.kind === 'hashtag') return text.kind === 'hashtag' && keyword.text === text.text;
  return fold ? stemWord(keyword.text) === stemWord(text.text) : keyword.text === text.text;
};

const tokensAt = (text: Token[], at: number, keyword: Token[], fold: boolean) =>
  keyword.every((token, i) => text[at + i] !== undefined && sameToken(token, text[at + i]!, fold));

/** Whether one keyword matches the message in the given mode. */
export function keywordMatches(text: string, keyword: string, mode: KeywordMatchMode): boolean {
  const needle = foldText(keyword);
  const keywordTokens = tokenize(needle);
  if (keywordTokens.length === 0) return false;
  const haystack = foldText(text);
  if (mode === 'contains') return haystack.includes(needle);
  const textTokens = tokenize(haystack);
  if (mode === 'exact')
    return textTokens.length === keywordTokens.length && tokensAt(textTokens, 0, keywordTokens, false);
  if (mode === 'starts_with') return tokensAt(textTokens, 0, keywordTokens, true);
  for (let at = 0; at + keywordTokens.length <= textTokens.length; at += 1)
    if (tokensAt(textTokens, at, keywordTokens, true)) return true;
  return false;
}

export interface KeywordRule {
  keywords: string[];
  match: KeywordMatchMode;
  keywordsRequired: KeywordRequirement;
}

/**
 * The keywords that made the message match, or null when it does not. No keywords: every message matches ([]).
 * With `all`, every keyword must match; with `any`, the first one that matches is returned.
 */
export function matchKeywords(text: string, rule: KeywordRule): string[] | null {
  if (rule.keywords.length === 0) return [];
  if (rule.keywordsRequired === 'all')
    return rule.keywords.every((k) => keywordMatches(text, k, rule.match)) ? [...rule.keywords] : null;
  const found = rule.keywords.find((k) => keywordMatches(text, k, rule.match));
  return found === undefined ? null : [found];
}

/** Why a keyword can never match (shown as a 400 at save time), or null when it is usable. */
export function keywordProblem(keyword: string): string | null {
  const tokens = tokenize(foldText(keyword));
  if (tokens.length === 0) return `"${keyword}" has no letter, digit, emoji or hashtag to match`;
  if (/#(?![\p{L}\p{N}_])/u.test(keyword)) return `"${keyword}": a hashtag needs a name after #`;
  return null;
}
