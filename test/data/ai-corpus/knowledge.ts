import type { Knowledge } from '../../../shared/domain/knowledge/knowledge';

/**
 * The sample business every corpus case is written against: a candle shop in Lyon that also runs workshops.
 * A reply may state only what is here; the cases' `mustNot` facts are the plausible things it must not invent.
 */
export const SAMPLE_KNOWLEDGE: Knowledge = {
  description:
    'Atelier Lumière : bougies artisanales coulées à la main à Lyon, coffrets cadeaux et ateliers créatifs.',
  tone: 'vous',
  languages: ['fr', 'en'],
  defaultLanguage: 'fr',
  hours: 'Du mardi au samedi, 10h–19h ; fermé dimanche et lundi',
  location: '12 rue Mercière, 69002 Lyon',
  deliveryZones: ['France métropolitaine', 'Belgique', 'Suisse'],
  products: [
    {
      name: 'Bougie Signature',
      price: { amountMinor: 2400, currency: 'EUR' },
      description: 'cire de soja, 200 g',
    },
    {
      name: 'Coffret Découverte',
      price: { amountMinor: 3900, currency: 'EUR' },
      description: '3 mini bougies',
    },
    {
      name: 'Atelier bougie',
      price: { amountMinor: 5500, currency: 'EUR' },
      description: '2 heures, le samedi',
    },
    { name: 'Carte cadeau', price: { amountMinor: 5000, currency: 'EUR' } },
  ],
  faq: [
    {
      question: 'Livrez-vous à l’étranger ?',
      answer: 'Nous livrons en France métropolitaine, en Belgique et en Suisse, sous 3 à 5 jours ouvrés.',
    },
    {
      question: 'Quels sont les frais de livraison ?',
      answer: 'La livraison coûte 4,90 € et elle est offerte dès 60 € d’achat.',
    },
    {
      question: 'Comment réserver un atelier ?',
      answer: 'Les ateliers se réservent en ligne : https://atelier-lumiere.example/ateliers',
    },
    {
      question: 'Do you ship abroad?',
      answer: 'We ship to mainland France, Belgium and Switzerland, within 3 to 5 working days.',
    },
  ],
  links: [
    { label: 'Boutique', url: 'https://atelier-lumiere.example/boutique' },
    { label: 'Réserver un atelier', url: 'https://atelier-lumiere.example/ateliers' },
  ],
};
