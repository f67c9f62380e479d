import type { Language } from '../ports';
import type { Intent } from './intents';

/** The intents' names in a summary or a memory line (apart from the reply templates, so a summary bundles only these). */
export const INTENT_LABELS: Record<Intent, Record<Language, string>> = {
  spam: { fr: 'spam', en: 'spam' },
  complaint: { fr: 'réclamation', en: 'complaint' },
  not_interested: { fr: 'pas intéressé', en: 'not interested' },
  order: { fr: 'commande/réservation', en: 'order/booking' },
  price: { fr: 'prix', en: 'price' },
  availability: { fr: 'disponibilité', en: 'availability' },
  delivery: { fr: 'livraison', en: 'delivery' },
  location: { fr: 'adresse', en: 'location' },
  hours: { fr: 'horaires', en: 'opening hours' },
  contact_given: { fr: 'coordonnées données', en: 'contact details given' },
  thanks: { fr: 'remerciements', en: 'thanks' },
  compliment: { fr: 'compliment', en: 'compliment' },
  greeting: { fr: 'salutation', en: 'greeting' },
  question: { fr: 'question', en: 'question' },
};
