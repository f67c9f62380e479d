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
    /\b(pas (recu|arrive|livre|content|satisfait)|toujours rien|jamais (recu|arrive)|rembours|arnaque|honte|decu|probleme|casse|abime|en retard|retard|nul|debite(e|s)? (deux|2) fois|(ou|where) (est|is) (ma commande|mon colis|my (order|parcel|package))|still (pending|waiting|not|haven't)|haven'?t (received|got)|never (arrived|received)|not received|refund|broken|damaged|disappointed|terrible|awful|worst|complain|scam|charged twice|late)\w*/,
  not_interested:
    /\b(pas interesse|plus interesse|stop|desabonn|ne m'ecrivez plus|arretez (de|vos)|arrete de m|not interested|no thanks|unsubscribe|leave me alone|don'?t (message|contact) me)\w*/,
  order:
    /\b(commander|je commande|je prends|je (le|la|les) (prends|veux|commande)|je (veux|voudrais|prends) (le|la|les|un(?! devis)|une|acheter|reserver|\d+)|pass(er|e) (une )?commande|acheter|reserver|reservation|rdv|rendez-vous|prendre rendez|order|buy|purchase|book(ing)?|appointment|i'?ll take|i('?d like| want| would like) (it|one|\d+|to buy|to order|to book)|how (do|can) i (order|buy|book|get))\b/,
  price:
    /\b(prix|tarifs?|combien(?! de (temps|jours|semaines))|cout(e|ent)?|devis|cher|how much|prices?|pricing|costs?|quotes?|rates?|expensive)\b/,
  availability:
    /\b(dispo(nible|nibilite|nibilites)?s?|en stock|reste-t-il|il en reste|encore (en vente|la)|available|availability|in stock|sold out|still (available|for sale)|any left|(il )?reste(-t-il)? des places|places? (libres?|disponibles?)|spots? (left|available))\b/,
  delivery:
    /\b(livr(aison|ez|er|ee|ees|es|e)|expedi(tion|ez|er)|envoi|frais de port|colissimo|recevoir|recoi[st]|ship(ping|s)?|deliver(y|ies)?|postage)\b/,
  location:
    /\b(adresse|ou (etes-vous|se trouve|vous trouver|est la boutique|est le magasin)|ou ca se trouve|(c'est|vous etes|t'es|tu es) ou\b|localisation|quelle ville|address|where (are you|is the shop|is the store|are you located)|location|located)\b/,
  hours:
    /\b(horaires?|heures d'ouverture|ouvert(e|s|es)?|ouverture|ouvre(z|nt)?|ferme(z|ture|s)?|a quelle heure|opening hours|open|close[sd]?|hours|what time)\b/,
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
  const asked = folded.includes('?') || QUESTION_START.test(folded);
  if (asked) found.add('question');
  // Thanks or praise that only mentions a topic is thanks or praise, not a question about the topic.
  else if (found.has('thanks') || found.has('compliment')) for (const i of INFORMATIONAL) found.delete(i);
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

/** What a message asks about; said without a question ("merci pour l'envoi rapide") it is only a mention. */
const INFORMATIONAL: Intent[] = ['delivery', 'price', 'availability', 'location', 'hours'];

/** French unless the text reads as English (the rule engine's two languages); see domain/language. */
export function guessLanguage(text: string): Language {
  return detectLanguage(text)?.language === 'en' ? 'en' : 'fr';
}
