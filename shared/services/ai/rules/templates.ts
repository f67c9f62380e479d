import type { Language } from '../ports';
import type { Intent } from './intents';

/**
 * The rule engine's wording. Safe by construction: it never states a price, a stock level, an address or an
 * opening hour (the engine does not know them); it acknowledges, asks for what is missing, or moves the
 * conversation to private messages. Public comment replies never repeat personal data.
 */
type Wording = Record<Language, string>;

/** Answers in a private conversation (DM, story reply), by intent. `{name}` is " Léa" or "". */
export const DM_ANSWERS: Record<Intent, Wording> = {
  spam: {
    fr: 'Merci{name}, nous ne donnons pas suite à ce type de proposition.',
    en: "Thanks{name}, we don't follow up on this kind of offer.",
  },
  complaint: {
    fr: "Bonjour{name}, nous sommes vraiment désolés pour ce désagrément. Une personne de l'équipe reprend votre demande et revient vers vous très vite : pouvez-vous nous donner les détails (et votre numéro de commande si vous en avez un) ?",
    en: "Hi{name}, we're really sorry about this. Someone from our team is taking over and will get back to you very soon: could you share the details (and your order number if you have one)?",
  },
  not_interested: {
    fr: "C'est bien noté{name}, nous ne vous relancerons pas. Belle journée !",
    en: "Noted{name}, we won't follow up. Have a great day!",
  },
  order: {
    fr: 'Avec plaisir{name} ! Pour finaliser, dites-nous ce que vous souhaitez (produit, quantité ou date) et un numéro où vous joindre.',
    en: "With pleasure{name}! To finalise, tell us what you'd like (product, quantity or date) and a number where we can reach you.",
  },
  price: {
    fr: 'Merci pour votre intérêt{name} ! Dites-nous quel produit ou service vous intéresse et nous vous envoyons le tarif exact ici même.',
    en: "Thanks for your interest{name}! Tell us which product or service you're after and we'll send you the exact price right here.",
  },
  availability: {
    fr: 'Bonne question{name} ! Précisez-nous le modèle (taille, couleur) ou la date qui vous intéresse et nous vérifions la disponibilité pour vous.',
    en: "Good question{name}! Tell us the model (size, colour) or the date you have in mind and we'll check availability for you.",
  },
  delivery: {
    fr: 'Bonjour{name} ! Indiquez-nous votre ville ou votre code postal et nous vous donnons les délais et les frais de livraison.',
    en: "Hi{name}! Tell us your city or postcode and we'll give you the delivery times and costs.",
  },
  location: {
    fr: "Bonjour{name} ! Nous vous envoyons l'adresse exacte et les informations d'accès juste ici.",
    en: "Hi{name}! We'll send you the exact address and directions right here.",
  },
  hours: {
    fr: 'Bonjour{name} ! Nos horaires à jour sont sur notre profil ; dites-nous quel jour vous souhaitez passer et nous vous le confirmons.',
    en: "Hi{name}! Our current opening hours are on our profile; tell us which day you'd like to come and we'll confirm.",
  },
  contact_given: {
    fr: 'Merci{name}, nous avons bien noté vos coordonnées : nous vous recontactons très vite.',
    en: "Thanks{name}, we've noted your details: we'll get back to you very soon.",
  },
  thanks: {
    fr: 'Merci à vous{name}, ça nous fait très plaisir ! 🙏',
    en: 'Thank you{name}, that means a lot! 🙏',
  },
  compliment: {
    fr: 'Merci infiniment{name}, ça nous touche beaucoup ! ✨',
    en: 'Thank you so much{name}, that really means a lot! ✨',
  },
  greeting: {
    fr: 'Bonjour{name} ! Comment pouvons-nous vous aider ?',
    en: 'Hi{name}! How can we help you?',
  },
  question: {
    fr: "Merci pour votre question{name} ! Une personne de l'équipe vous répond très vite.",
    en: 'Thanks for your question{name}! Someone from our team will answer you very soon.',
  },
};

/** What a public comment reply promises to send privately, by intent (null: answer in public is fine). */
export const COMMENT_TOPICS: Partial<Record<Intent, Wording>> = {
  order: { fr: 'les détails pour commander', en: 'the details to order' },
  price: { fr: 'nos tarifs', en: 'our prices' },
  availability: { fr: 'les disponibilités', en: 'availability' },
  delivery: { fr: 'les infos de livraison', en: 'delivery details' },
  location: { fr: "l'adresse", en: 'the address' },
  hours: { fr: 'nos horaires', en: 'our opening hours' },
  question: { fr: 'une réponse', en: 'an answer' },
};

export const COMMENT_SENDING: Wording = {
  fr: 'Merci{name} ! Nous vous envoyons {topic} en message privé 📩',
  en: "Thanks{name}! We're sending you {topic} by private message 📩",
};

export const COMMENT_ANSWERS: Partial<Record<Intent, Wording>> = {
  spam: DM_ANSWERS.spam,
  complaint: {
    fr: "Nous sommes désolés{name}. Une personne de l'équipe reprend votre demande : écrivez-nous les détails en message privé.",
    en: "We're sorry{name}. Someone from our team is taking over: please send us the details by private message.",
  },
  not_interested: DM_ANSWERS.not_interested,
  contact_given: {
    fr: 'Merci{name}, nous vous contactons en privé très vite.',
    en: "Thanks{name}, we'll contact you privately very soon.",
  },
  thanks: DM_ANSWERS.thanks,
  compliment: DM_ANSWERS.compliment,
  greeting: { fr: 'Bonjour{name} ! 👋', en: 'Hi{name}! 👋' },
};

/**
 * When the knowledge cannot answer (a question it does not cover, a quote): a person of the team follows up,
 * and the engine hands the conversation over. `{name}` as above.
 */
export const HUMAN_FOLLOWS_UP: Record<'dm' | 'comment', Record<'question' | 'quote', Wording>> = {
  dm: {
    question: DM_ANSWERS.question,
    quote: {
      fr: "Merci pour votre demande{name} ! Une personne de l'équipe prépare votre devis et revient vers vous très vite.",
      en: 'Thanks for your request{name}! Someone from our team is preparing your quote and will get back to you very soon.',
    },
  },
  comment: {
    question: {
      fr: "Merci{name} ! Une personne de l'équipe vous répond très vite en message privé 📩",
      en: 'Thanks{name}! Someone from our team will answer you by private message very soon 📩',
    },
    quote: {
      fr: "Merci{name} ! Une personne de l'équipe vous écrit en message privé pour votre devis 📩",
      en: 'Thanks{name}! Someone from our team will message you privately about your quote 📩',
    },
  },
};

export const GENERIC: Wording = {
  fr: 'Merci pour votre message{name} ! Nous revenons vers vous très vite.',
  en: "Thanks for your message{name}! We'll get back to you very soon.",
};

export const AND: Wording = { fr: ' et ', en: ' and ' };

/** Follow-ups after silence, by the intent the lead last showed. */
export const FOLLOW_UPS: Partial<Record<Intent, Wording>> & { default: Wording } = {
  order: {
    fr: 'Bonjour{name}, je reviens vers vous pour votre commande : souhaitez-vous que nous la finalisions ensemble ?',
    en: 'Hi{name}, just following up on your order: shall we finalise it together?',
  },
  price: {
    fr: 'Bonjour{name}, avez-vous pu regarder nos tarifs ? Nous sommes là si vous avez la moindre question.',
    en: 'Hi{name}, did you get a chance to look at our prices? We’re here if you have any question.',
  },
  availability: {
    fr: "Bonjour{name}, le produit qui vous intéressait vous attend toujours : voulez-vous qu'on vous le réserve ?",
    en: 'Hi{name}, the item you asked about is still waiting for you: would you like us to put it aside?',
  },
  default: {
    fr: 'Bonjour{name}, je reviens vers vous : avez-vous des questions ? Nous serions ravis de vous aider.',
    en: 'Hi{name}, just following up: do you have any questions? We’d be glad to help.',
  },
};

export { INTENT_LABELS } from './intent-labels';
