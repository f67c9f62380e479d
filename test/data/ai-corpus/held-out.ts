import type { AiCase } from './types';

/**
 * The held-out part of the corpus: written with the tuning part, then never used to adjust the rules (the eval
 * prints its failures only on request). Its figures are reported beside the tuning ones.
 */
export const HELD_OUT_CASES: AiCase[] = [
  // ── prices ──
  { kind: 'comment', text: 'combien la grande ?', intent: 'price' },
  { kind: 'dm', text: 'Salut, tu peux me dire le prix du coffret ?', intent: 'price', must: ['39 €'] },
  { kind: 'dm', text: 'how much for the gift card', intent: 'price', must: ['€50'] },
  { kind: 'comment', text: 'Prix svp 🙏', intent: 'price' },
  { kind: 'dm', text: 'Bonjour, quels sont vos tarifs pour les ateliers ?', intent: 'price', must: ['55 €'] },
  { kind: 'dm', text: 'What’s the price of the discovery box?', intent: 'price', must: ['€39'] },
  { kind: 'comment', text: 'Ça coûte combien ?', intent: 'price' },
  {
    kind: 'dm',
    text: 'Vous faites un prix pour 10 bougies ?',
    intent: 'price',
    handover: true,
    mustNot: ['%'],
  },
  { kind: 'dm', text: 'Is there a discount for students?', intent: 'price', handover: true, mustNot: ['%'] },
  { kind: 'comment', text: 'cost?', intent: 'price' },

  // ── orders and booking ──
  { kind: 'dm', text: 'Je la veux ! Comment on fait ?', intent: 'order' },
  { kind: 'dm', text: 'Je voudrais commander le coffret pour Noël', intent: 'order' },
  { kind: 'comment', text: 'je réserve pour samedi prochain', intent: 'order' },
  { kind: 'dm', text: 'Can I order one for delivery next week?', intent: 'order' },
  { kind: 'dm', text: 'I want one in lavender', intent: 'order' },
  { kind: 'dm', text: 'Je souhaite réserver deux places à l’atelier', intent: 'order' },
  { kind: 'dm', text: 'Book me in for the next workshop please', intent: 'order' },
  { kind: 'dm', text: 'Je veux 2 cartes cadeaux', intent: 'order' },

  // ── availability ──
  { kind: 'dm', text: 'La bougie figue est disponible ?', intent: 'availability', handover: true },
  { kind: 'comment', text: 'still available?', intent: 'availability' },
  { kind: 'dm', text: 'Il vous en reste ?', intent: 'availability' },
  { kind: 'dm', text: 'Is it sold out?', intent: 'availability' },

  // ── delivery ──
  { kind: 'dm', text: 'Vous livrez à Bruxelles ?', intent: 'delivery', must: ['Belgique'] },
  { kind: 'comment', text: 'Livraison en Suisse possible ?', intent: 'delivery' },
  { kind: 'dm', text: 'Combien coûte la livraison ?', intent: 'delivery', must: ['4,90 €'] },
  { kind: 'dm', text: 'Do you deliver to Belgium?', intent: 'delivery' },
  { kind: 'dm', text: 'Shipping costs to Paris?', intent: 'delivery', mustNot: ['free shipping'] },
  { kind: 'dm', text: 'Vous expédiez aux États-Unis ?', intent: 'delivery', mustNot: ['États-Unis'] },
  { kind: 'dm', text: 'En combien de jours je reçois ma commande ?', intent: 'delivery' },

  // ── location and hours ──
  { kind: 'comment', text: 'Vous êtes où exactement ?', intent: 'location' },
  { kind: 'dm', text: 'What’s your address?', intent: 'location' },
  { kind: 'dm', text: 'La boutique est ouverte le lundi ?', intent: 'hours' },
  { kind: 'dm', text: 'Quels sont vos horaires le samedi ?', intent: 'hours' },
  { kind: 'comment', text: 'open today?', intent: 'hours' },
  { kind: 'dm', text: 'What time do you close?', intent: 'hours' },

  // ── complaints ──
  { kind: 'dm', text: 'Je n’ai jamais reçu mon colis', intent: 'complaint', handover: true },
  { kind: 'dm', text: 'Le parfum ne sent rien, très déçu', intent: 'complaint', handover: true },
  {
    kind: 'comment',
    text: 'Service client nul, aucune réponse depuis une semaine',
    intent: 'complaint',
    handover: true,
  },
  { kind: 'dm', text: 'Package arrived broken, what do I do?', intent: 'complaint', handover: true },
  { kind: 'dm', text: 'I still haven’t received my refund', intent: 'complaint', handover: true },
  { kind: 'dm', text: 'La commande 4521 est en retard', intent: 'complaint', handover: true },

  // ── not interested / STOP ──
  { kind: 'dm', text: 'Stop', intent: 'not_interested' },
  { kind: 'dm', text: 'plus intéressé, merci', intent: 'not_interested' },
  { kind: 'dm', text: 'leave me alone', intent: 'not_interested' },
  { kind: 'dm', text: 'Ne m’écrivez plus', intent: 'not_interested' },

  // ── contact details given ──
  { kind: 'dm', text: 'Mon numéro : 06 23 45 67 89', intent: 'contact_given', phone: '+33623456789' },
  { kind: 'dm', text: 'tel 0745678912 rappelez moi', intent: 'contact_given', phone: '+33745678912' },
  {
    kind: 'dm',
    text: '+33 7 12 34 56 78 c’est mon whatsapp',
    intent: 'contact_given',
    phone: '+33712345678',
  },
  {
    kind: 'dm',
    text: 'Please call me back: +44 20 7946 0958',
    intent: 'contact_given',
    phone: '+442079460958',
  },
  {
    kind: 'dm',
    text: 'Intéressée par l’atelier, mon mail julie.roux@free.fr',
    intent: 'contact_given',
    email: 'julie.roux@free.fr',
  },
  { kind: 'dm', text: 'mail: TOM.BAKER@GMAIL.COM', intent: 'contact_given', email: 'tom.baker@gmail.com' },
  {
    kind: 'dm',
    text: 'Joignable au 06 61 23 45 67 après 18h',
    intent: 'contact_given',
    phone: '+33661234567',
  },
  {
    kind: 'dm',
    text: 'Voici mon 06/12/34/56/78 pour le devis',
    intent: 'contact_given',
    phone: '+33612345678',
  },
  { kind: 'dm', text: 'mon fixe 01 42 68 53 00', intent: 'contact_given', phone: '+33142685300' },
  {
    kind: 'dm',
    text: 'reach me at 212-555-0147, I’m in New York',
    intent: 'contact_given',
    phone: '+12125550147',
  },
  {
    kind: 'dm',
    text: 'Vous pouvez m’écrire à nadia arobase orange point fr',
    intent: 'contact_given',
    email: 'nadia@orange.fr',
  },
  {
    kind: 'dm',
    text: 'Je commande 2 coffrets, tel 06 45 12 78 90, mail paul.girard@yahoo.fr',
    intent: 'contact_given',
    phone: '+33645127890',
    email: 'paul.girard@yahoo.fr',
  },
  { kind: 'dm', text: 'Mon portable +33 (0)6 98 76 54 32', intent: 'contact_given', phone: '+33698765432' },

  // ── thanks, compliments, greetings ──
  { kind: 'dm', text: 'Merci, bonne journée', intent: 'thanks' },
  { kind: 'dm', text: 'thank you so much!!', intent: 'thanks' },
  { kind: 'comment', text: 'Superbe travail 👏', intent: 'compliment' },
  { kind: 'comment', text: 'Amazing work', intent: 'compliment' },
  { kind: 'comment', text: '🔥🔥', intent: 'compliment' },
  { kind: 'dm', text: 'Salut !', intent: 'greeting' },
  { kind: 'dm', text: 'Good morning', intent: 'greeting' },

  // ── questions the knowledge cannot answer ──
  { kind: 'dm', text: 'Les bougies sont faites avec quelle cire ?', intent: 'question', handover: true },
  { kind: 'dm', text: 'Can I pay with PayPal?', intent: 'question', handover: true },
  { kind: 'dm', text: 'Vous faites des ateliers pour les enfants ?', intent: 'question', handover: true },
  { kind: 'comment', text: 'C’est fait main ?', intent: 'question', handover: true },
  { kind: 'dm', text: 'Do you have a loyalty card?', intent: 'question', handover: true },

  // ── spam ──
  { kind: 'comment', text: 'Check my profile for cheap followers 💯', intent: 'spam' },
  { kind: 'dm', text: 'Investissez dans le bitcoin et doublez votre argent 💰', intent: 'spam' },
  { kind: 'comment', text: 'Abonne-toi à mon compte je m’abonne en retour', intent: 'spam' },

  // ── numbers that are not phones ──
  { kind: 'dm', text: 'J’ai payé 49,99 le 03/04, toujours rien reçu', intent: 'complaint', handover: true },
  { kind: 'dm', text: 'Vous livrez au 75011 Paris ?', intent: 'delivery' },
  { kind: 'dm', text: 'Réf 0145879632, vous l’avez encore ?', intent: 'availability' },
];
