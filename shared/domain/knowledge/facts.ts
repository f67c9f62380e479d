import { type Knowledge, renderKnowledge } from './knowledge';

/**
 * The facts a reply may only repeat from the knowledge: amounts, percentages, times, day counts and links. The
 * AI engine refuses a model reply stating one the knowledge lacks (the rules answer instead), and the eval
 * counts them as invented. Pure: no I/O.
 */
export const normaliseFacts = (text: string) =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u202f\u00a0]/g, ' ')
    .replace(/[’]/g, "'");

/** Amounts, percentages, times, day counts and links: the facts a reply may only repeat from the knowledge. */
const FACT_PATTERNS = [
  /(?:[€$£]\s?\d+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?\s?(?:€|eur\b|euros?\b|\$|£))/g,
  /\d+(?:[.,]\d+)?\s?%/g,
  /\b\d{1,2}\s?h\s?\d{0,2}\b|\b\d{1,2}(?::\d{2})?\s?(?:am|pm)\b/g,
  /\b\d+\s?(?:à|to|-)?\s?\d*\s?(?:jours?|days?|semaines?|weeks?)\b/g,
  /https?:\/\/[^\s)]+/g,
];

const numbersOf = (fact: string) =>
  (fact.match(/\d+(?:[.,]\d+)?/g) ?? []).map((n) => Number(n.replace(',', '.')));

/** A fact as kind + numbers (or the link itself), so "24 €", "€24" and "24,00 €" are the same fact. */
function factsOf(text: string): { fact: string; key: string }[] {
  return FACT_PATTERNS.flatMap((pattern, kind) =>
    [...text.matchAll(pattern)].map(([fact]) => ({
      fact: fact.trim(),
      key: fact.startsWith('http') ? fact.replace(/[.,;!]+$/, '') : `${kind}:${numbersOf(fact).join('-')}`,
    })),
  );
}

/** The reply's facts that neither the knowledge nor the business's own `instruction` (a scenario's) states. */
export function inventedFacts(
  reply: string,
  knowledge: Knowledge | null | undefined,
  instruction?: string | null,
): string[] {
  const source = `${renderKnowledge(knowledge, 'fr')}\n${renderKnowledge(knowledge, 'en')}\n${instruction ?? ''}`;
  const known = new Set(factsOf(normaliseFacts(source)).map((f) => f.key));
  return factsOf(normaliseFacts(reply))
    .filter((f) => !known.has(f.key))
    .map((f) => f.fact);
}
