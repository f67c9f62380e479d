/**
 * A workspace's business knowledge: what the AI engine may state. Everything a reply says about prices, hours,
 * places or delivery must come from here; what is not here is not said (the reply offers a human instead).
 * Pure data and pure functions: the HTTP schema (shared/schemas/knowledge.ts) validates and bounds it.
 */
export interface Money {
  amountMinor: number;
  currency: string;
}

export interface Knowledge {
  description?: string;
  tone?: 'tu' | 'vous';
  languages?: string[];
  defaultLanguage?: string;
  hours?: string;
  location?: string;
  deliveryZones?: string[];
  products?: { name: string; price: Money; description?: string }[];
  faq?: { question: string; answer: string }[];
  links?: { label: string; url: string }[];
}

/** "12,50 €" / "€12.50": the amount exactly as stored, in the reply's language. */
export function formatMoney(money: Money, language: 'fr' | 'en'): string {
  const digits = ['JPY', 'KRW', 'XOF', 'XAF', 'CLP', 'VND'].includes(money.currency.toUpperCase()) ? 0 : 2;
  return new Intl.NumberFormat(language === 'fr' ? 'fr-FR' : 'en-GB', {
    style: 'currency',
    currency: money.currency.toUpperCase(),
    minimumFractionDigits: money.amountMinor % 10 ** digits === 0 ? 0 : digits,
    maximumFractionDigits: digits,
  })
    .format(money.amountMinor / 10 ** digits)
    .replace(/\u202f|\u00a0/g, ' ');
}

const fold = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

// Words that say how a question is asked, not what it is about: two questions sharing only "quels sont vos"
// are not the same question.
const STOP = new Set(
  [
    'le la les un une des de du et ou a au aux en est ce que qui quoi vous tu je il on pour par sur avec',
    'quel quels quelle quelles sont avez etes sommes comment vos votre nos notre mes mon ma ton ta tes',
    'the a an of to is are do does you i it for on in and or what how can which your our my have has any there',
  ]
    .join(' ')
    .split(' '),
);
const words = (text: string) =>
  fold(text)
    .split(' ')
    .filter((w) => w.length > 2 && !STOP.has(w));

/**
 * The FAQ entry whose question shares the most meaningful words with the message (at least half of the
 * question's words, and at least one), or null. Deterministic, so the rule engine can answer from it.
 */
export function matchFaq(knowledge: Knowledge, text: string): { question: string; answer: string } | null {
  const said = new Set(words(text));
  let best: { entry: { question: string; answer: string }; score: number } | null = null;
  for (const entry of knowledge.faq ?? []) {
    const asked = [...new Set(words(entry.question))];
    if (asked.length === 0) continue;
    const shared = asked.filter((w) => said.has(w)).length;
    const score = shared / asked.length;
    if (shared > 0 && score >= 0.5 && (!best || score > best.score)) best = { entry, score };
  }
  return best?.entry ?? null;
}

/** The products the message names (by a word of their name), or every product when it names none. */
export function productsAskedAbout(knowledge: Knowledge, text: string): NonNullable<Knowledge['products']> {
  const products = knowledge.products ?? [];
  const said = new Set(words(text));
  const named = products.filter((p) => words(p.name).some((w) => said.has(w)));
  return named.length > 0 ? named : products;
}

/** "Box découverte : 25 €, Box premium : 45 €" — at most `max` products, so a public answer stays short. */
export function priceList(
  products: NonNullable<Knowledge['products']>,
  language: 'fr' | 'en',
  max = 5,
): string {
  const sep = language === 'fr' ? ' : ' : ': ';
  return products
    .slice(0, max)
    .map((p) => `${p.name}${sep}${formatMoney(p.price, language)}`)
    .join(', ');
}

/**
 * The knowledge as the prompt's data block: one labelled line per known fact, nothing for unknown ones, so
 * the model sees exactly what it may state. Bounded by the schema's limits (a few KB at most).
 */
export function renderKnowledge(knowledge: Knowledge | null | undefined, language: 'fr' | 'en'): string {
  if (!knowledge) return '-';
  const lines: string[] = [];
  const l = language === 'fr';
  if (knowledge.description) lines.push(`${l ? 'Activité' : 'Business'}: ${knowledge.description}`);
  if (knowledge.hours) lines.push(`${l ? 'Horaires' : 'Opening hours'}: ${knowledge.hours}`);
  if (knowledge.location) lines.push(`${l ? 'Adresse' : 'Location'}: ${knowledge.location}`);
  if (knowledge.deliveryZones?.length)
    lines.push(`${l ? 'Zones de livraison' : 'Delivery zones'}: ${knowledge.deliveryZones.join(', ')}`);
  for (const p of knowledge.products ?? [])
    lines.push(
      `${l ? 'Produit' : 'Product'}: ${p.name} — ${formatMoney(p.price, language)}${p.description ? ` (${p.description})` : ''}`,
    );
  for (const f of knowledge.faq ?? []) lines.push(`FAQ: ${f.question} → ${f.answer}`);
  for (const link of knowledge.links ?? []) lines.push(`${l ? 'Lien' : 'Link'}: ${link.label} ${link.url}`);
  return lines.join('\n') || '-';
}
