/**
 * Which language a social message is written in, and which language the business answers it in. Pure and
 * dependency-free: messages are short ("combien ?", "price?", "hola precio"), so general-purpose n-gram
 * detectors trained on long texts do poorly on them; a scored lexicon of the words people actually write to a
 * shop, plus the characters only some languages use, does better and costs nothing. Arabic is told by its script.
 */
export const DETECTED_LANGUAGES = ['fr', 'en', 'es', 'pt', 'it', 'de', 'ar'] as const;
export type DetectedLanguage = (typeof DETECTED_LANGUAGES)[number];

/**
 * Words by language, on folded text (lower case, no accents). Weight 1: frequent grammar words a language shares
 * with few others; weight 3: words of the shop vocabulary only this language uses (they decide short messages).
 * A word common to several languages ("de", "la", "no", "a") is in none of the lists: it cannot tell them apart.
 */
const LEXICON: Record<Exclude<DetectedLanguage, 'ar'>, { common: string; telling: string }> = {
  fr: {
    common:
      'le les un une des du et est je tu il nous vous ils elle pour avec sur dans pas ce cette ces mon ma mes votre vos ton ta qui au aux ou oui non mais tres bien aussi nos c est j ai suis sont avez fait peut faut',
    telling:
      'bonjour bonsoir salut coucou merci combien prix tarif tarifs livraison livrez commande commander voudrais veux souhaite horaires ouvert ouverts fermes adresse rendez vous svp stp quel quelle quels quelles encore disponible dispo recu toujours rien beaucoup magnifique superbe genial trop jolie joli aujourd hui demain semaine boutique reserver appelez rappeler numero cest jai rembourse remboursement taille envoyez pouvez',
  },
  en: {
    common:
      'the an and is are i you it my your we our this that of to for with at do does can could would be have has not what how when where which who please',
    telling:
      'hello hi hey thanks thank much price prices cost shipping ship deliver delivery order buy want available still open opening hours address book booking appointment love beautiful amazing awesome refund received never yet tomorrow today week store shop call text number',
  },
  es: {
    common:
      'el los las un una unos y es esta estan yo tu usted ustedes mi mis su sus para con por del al pero muy tambien que como cuando donde hay tiene tienen',
    telling:
      'hola buenos buenas gracias cuanto cuanta cuesta cuestan precio precios envio envios envian pedido pedir quiero quisiera comprar disponible tienda horario abierto direccion reservar cita llamame numero todavia nada hermoso hermosa precioso preciosa bonito bonita encanta manana hoy semana vale favor',
  },
  pt: {
    common:
      'o os as um uma e eu voce voces meu minha seu sua para com por do da dos das na nas muito tambem que como quando onde tem sao esta estao nao sim',
    telling:
      'ola oi obrigado obrigada quanto custa custam preco precos entrega entregam envio pedido quero gostaria comprar disponivel loja horario aberto endereco reservar marcar ligue numero ainda nada lindo linda maravilhoso adorei amanha hoje semana favor bom tudo',
  },
  it: {
    common:
      'il lo gli un una e di che io tu lei voi mio mia suo sua per con del della dei delle nel nella ma molto anche come quando dove sono ci ho ha hai avete non',
    telling:
      'ciao buongiorno buonasera grazie quanto costa costano prezzo prezzi spedizione spedite consegna ordine ordinare vorrei voglio comprare disponibile negozio orari aperto aperti indirizzo prenotare appuntamento chiamami numero ancora niente bellissimo bellissima stupendo adoro domani oggi settimana prego',
  },
  de: {
    common:
      'der die das ein eine und ist sind ich du sie wir ihr mein meine dein ihre fur mit auf im nicht aber sehr auch wie wann wo wer haben habt hat bitte',
    telling:
      'hallo guten tag morgen danke vielen viel kostet kosten preis preise versand liefern lieferung bestellen bestellung mochte kaufen verfugbar laden offnungszeiten geoffnet offen adresse termin buchen anrufen nummer noch nichts schon wunderschon toll heute woche gibt',
  },
};

/** Characters that point at one language (on the raw text, accents kept). */
const SIGNS: { language: DetectedLanguage; pattern: RegExp; points: number }[] = [
  { language: 'es', pattern: /[ñ¿¡]/giu, points: 3 },
  { language: 'pt', pattern: /[ãõ]/giu, points: 3 },
  { language: 'de', pattern: /[ßäöü]/giu, points: 2 },
  { language: 'fr', pattern: /[èêëîïûœ]|\b[jlcdnmst]['’]/giu, points: 1 },
  { language: 'it', pattern: /[ìò]|\b(?:l|un|dell|all|nell)['’]/giu, points: 1 },
];

const ARABIC_LETTER = /\p{Script=Arabic}/gu;
const ANY_LETTER = /\p{L}/gu;

const words = new Map<string, Map<DetectedLanguage, number>>();
for (const [language, lists] of Object.entries(LEXICON) as [
  DetectedLanguage,
  { common: string; telling: string },
][])
  for (const [list, points] of [
    [lists.common, 1],
    [lists.telling, 3],
  ] as const)
    for (const word of list.split(' ')) {
      const byLanguage = words.get(word) ?? new Map<DetectedLanguage, number>();
      byLanguage.set(language, Math.max(byLanguage.get(language) ?? 0, points));
      words.set(word, byLanguage);
    }

const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, ' ')
    .trim();

export interface LanguageGuess {
  language: DetectedLanguage;
  /** The winning score and the runner-up's: how clear the call is. */
  score: number;
  margin: number;
}

/**
 * The language of a message, or null when nothing in it tells (an emoji, "ok", a number, a word shared by
 * several languages). Arabic when most letters are Arabic; otherwise the best lexicon-plus-characters score,
 * which must beat the runner-up (a tie is no answer).
 */
export function detectLanguage(text: string): LanguageGuess | null {
  const letters = text.match(ANY_LETTER)?.length ?? 0;
  if (letters === 0) return null;
  const arabic = text.match(ARABIC_LETTER)?.length ?? 0;
  if (arabic / letters >= 0.5) return { language: 'ar', score: arabic, margin: arabic };

  const scores = new Map<DetectedLanguage, number>();
  const add = (language: DetectedLanguage, points: number) =>
    scores.set(language, (scores.get(language) ?? 0) + points);
  for (const word of fold(text).split(' '))
    for (const [language, points] of words.get(word) ?? []) add(language, points);
  for (const sign of SIGNS) {
    const count = text.match(sign.pattern)?.length ?? 0;
    if (count > 0) add(sign.language, sign.points * Math.min(count, 3));
  }
  const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  if (!best || best[1] === 0) return null;
  const margin = best[1] - (second?.[1] ?? 0);
  return margin > 0 ? { language: best[0], score: best[1], margin } : null;
}

/** The languages a workspace answers in and its default, from its knowledge settings. */
export interface LanguageSettings {
  languages?: string[] | undefined;
  defaultLanguage?: string | undefined;
}

/** With no settings, the engine answers French and English, French by default (the product's first market). */
const UNSET: Required<LanguageSettings> = { languages: ['fr', 'en'], defaultLanguage: 'fr' };

/**
 * The language to answer a message in: the message's own when the workspace allows it, else the workspace's
 * default (its `defaultLanguage`, else the first of its `languages`, else French). A default that is not in the
 * allowed list is still allowed: the owner named it.
 */
export function replyLanguage(text: string, settings: LanguageSettings | null | undefined): string {
  const languages = settings?.languages?.length ? settings.languages : UNSET.languages;
  const fallback = settings?.defaultLanguage ?? settings?.languages?.[0] ?? UNSET.defaultLanguage;
  const detected = detectLanguage(text)?.language;
  return detected && (languages.includes(detected) || detected === fallback) ? detected : fallback;
}

/** Language names, to tell a prompt which language to answer in ("Answer in Spanish" / "Réponds en espagnol"). */
export const LANGUAGE_NAMES: Record<DetectedLanguage, { fr: string; en: string }> = {
  fr: { fr: 'français', en: 'French' },
  en: { fr: 'anglais', en: 'English' },
  es: { fr: 'espagnol', en: 'Spanish' },
  pt: { fr: 'portugais', en: 'Portuguese' },
  it: { fr: 'italien', en: 'Italian' },
  de: { fr: 'allemand', en: 'German' },
  ar: { fr: 'arabe', en: 'Arabic' },
};

/** The name of a language code for a prompt written in `in`; an unknown code is named by its ISO code. */
export function languageName(code: string, inLanguage: 'fr' | 'en'): string {
  return LANGUAGE_NAMES[code as DetectedLanguage]?.[inLanguage] ?? code;
}
