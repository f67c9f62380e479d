import { detectLanguage } from '../../../domain/language/language';
import type { Language } from '../ports';

/** What a message asks for, as far as deterministic rules can tell. */
export const INTENTS = [
  'spam',
  'complaint',
  'not_interested',
  'order',
  'price',
  'availability',
  'delivery',
  'location',
  'hours',
  'contact_given',
  'thanks',
  'compliment',
  'greeting',
  'question',
] as const;
export type Intent = (typeof INTENTS)[number];

/** Patterns run on folded text (lower case, no accents, straight apostrophes). */
const PATTERNS: Record<Exclude<Intent, 'contact_given' | 'question'>, RegExp> = {
  spam: /\b(free followers|cheap followers|followers? (gratuits?|pas chers?)|follow (me|back)|f4f|follow ?for ?follow|check (out )?(my|our) (profile|page|bio|account)|(va|allez|viens|venez) voir (mon|notre) (profil|compte|page)|lien dans (ma|la) bio|link in (my )?bio|crypto|bitcoin|trading|forex|earn \$?\d+|gagne[rz]? \d+|doublez votre argent|brand ambassador|promote your (page|account)|views guaranteed|abonne-toi|je m'abonne en retour)/,
  complaint:
    /\b(pas (recu|arrive|livre|content|satisfait)|toujours rien|jamais (recu|arrive)|rembours|arnaque|honte|decu|probleme|casse|abime|en retard|retard|nul|never (arrived|received)|not received|refund|broken|damaged|disappointed|terrible|awful|worst|complain|scam|late)\w*/,
  not_interested:
    /\b(pas interesse|plus interesse|stop|desabonn|ne m'ecrivez plus|not interested|no thanks|unsubscribe|leave me alone|don'?t (message|contact) me)\w*/,
  order:
    /\b(commander|je commande|je prends|je (le|la|les) (prends|veux|commande)|je veux (le|la|les|un|une|acheter|reserver)|acheter|reserver|reservation|rdv|rendez-vous|prendre rendez|order|buy|purchase|book(ing)?|appointment|i'?ll take|i want (it|one|to buy|to order|to book)|how (do|can) i (order|buy|book|get))\b/,
  price:
    /\b(prix|tarifs?|combien|cout(e|ent)?|devis|cher|how much|price|pricing|cost|quote|rates?|expensive)\b/,
  availability:
    /\b(dispo(nible|nibilite|nibilites)?s?|en stock|reste-t-il|il en reste|encore (en vente|la)|available|availability|in stock|sold out|still (available|for sale)|any left)\b/,
  delivery:
    /\b(livr(aison|ez|ez-vous|er|e)|expedi(tion|ez|er)|envoi|frais de port|colissimo|ship(ping|s)?|deliver(y|ies)?|postage)\b/,
  location:
    /\b(adresse|ou (etes-vous|se trouve|vous trouver|est la boutique|est le magasin)|ou ca se trouve|localisation|quelle ville|address|where (are you|is the shop|is the store|are you located)|location|located)\b/,
  hours:
    /\b(horaires?|heures d'ouverture|ouvert(e|s|es)?|ouverture|ferme(z|ture|s)?|opening hours|open|close[sd]?|hours)\b/,
  thanks: /\b(merci|thanks?|thank you|thx|ty)\b/,
  compliment:
    /(\b(magnifique|superbe|trop beau|trop belle|genial|bravo|top|j'adore|canon|sublime|beautiful|gorgeous|amazing|awesome|love (it|this)|great job|stunning)\b|😍|🔥|❤️|😻|👏)/u,
  greeting: /^(bonjour|bonsoir|salut|coucou|hello|hi|hey|good (morning|afternoon|evening))\b/,
};

const QUESTION_START =
  /^(est-ce|est ce|quel(le)?s?|comment|combien|ou|quand|pourquoi|avez|vous|is|are|do|does|can|could|how|what|when|where|which|who)\b/;

export const fold = (text: string) =>
  text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[’`]/g, "'").toLowerCase().trim();

/** Every intent the message shows, most important first (the order of INTENTS). `contact`: a phone or an email found in it. */
export function detectIntents(text: string, contact: string | null = null): Intent[] {
  const folded = fold(text);
  const found = new Set<Intent>();
  for (const [intent, pattern] of Object.entries(PATTERNS))
    if (pattern.test(folded)) found.add(intent as Intent);
  if (contact) found.add('contact_given');
  if (folded.includes('?') || QUESTION_START.test(folded)) found.add('question');
  return INTENTS.filter((intent) => found.has(intent));
}

/**
 * The one intent a reply answers: spam and refusals before anything, then given contact details (acknowledged
 * first), then a delivery question before a price one (its cost is a delivery fact), then the INTENTS order.
 */
const PRIMARY_FIRST: Intent[] = ['spam', 'complaint', 'not_interested', 'contact_given', 'order', 'delivery'];
export function primaryIntent(intents: Intent[]): Intent | null {
  return PRIMARY_FIRST.find((i) => intents.includes(i)) ?? intents[0] ?? null;
}

/** French unless the text reads as English (the rule engine's two languages); see domain/language. */
export function guessLanguage(text: string): Language {
  return detectLanguage(text)?.language === 'en' ? 'en' : 'fr';
}
