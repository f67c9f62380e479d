/**
 * Real-world-style social messages (comments and DMs, FR and EN) with the phone a human would extract, in E.164,
 * or null when there is none. Written to be hard: obfuscations people use to slip past platform filters, and
 * numbers that are not phones (prices, dates, order/tracking numbers, postal codes, IBAN, SIRET, follower counts).
 */
export interface PhoneCase {
  text: string;
  expected: string | null;
}

export const phoneCorpus: PhoneCase[] = [
  // ── FR, with a number ──
  { text: 'Bonjour, je suis intéressée, mon numéro : 06 12 34 56 78', expected: '+33612345678' },
  { text: 'Appelez-moi au 06.12.34.56.78 svp', expected: '+33612345678' },
  { text: 'Dispo ce week-end ? 07-81-22-33-44', expected: '+33781223344' },
  { text: 'mon tel 0612345678 merci', expected: '+33612345678' },
  { text: 'Vous pouvez me joindre au +33 6 12 34 56 78', expected: '+33612345678' },
  { text: 'Mon WhatsApp : +33 (0)6 98 76 54 32', expected: '+33698765432' },
  { text: 'Tel: 0033 6 55 44 33 22 (après 18h)', expected: '+33655443322' },
  { text: 'Rappelez moi au 01 42 68 53 00 c’est le magasin', expected: '+33142685300' },
  { text: 'Combien pour 2 ? Mon portable 06 11 22 33 44', expected: '+33611223344' },
  { text: 'zéro six douze trente-quatre cinquante-six soixante-dix-huit', expected: '+33612345678' },
  {
    text: 'c est zero sept quatre-vingt-onze vingt-deux trente-trois quarante-quatre',
    expected: '+33791223344',
  },
  { text: 'écris moi sur le 𝟎𝟔 𝟏𝟐 𝟑𝟒 𝟓𝟔 𝟕𝟖 stp', expected: '+33612345678' },
  { text: 'num 0️⃣6️⃣1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣7️⃣8️⃣', expected: '+33612345678' },
  { text: 'O6 l2 34 56 78 (Instagram bloque les numéros lol)', expected: '+33612345678' },
  { text: '06 12 34 56 78 ou par mail jean@exemple.fr', expected: '+33612345678' },
  {
    text: 'Je veux commander 3 boîtes, livrez au 12 rue de la Paix, tel 06 45 67 89 01',
    expected: '+33645678901',
  },
  { text: 'mon num c’est le 6 12 34 56 78', expected: '+33612345678' },
  { text: 'Appelle moi 06 12 34 56 78 ou 07 12 34 56 78', expected: '+33612345678' },
  { text: 'Le prix svp ? Voici mon 06/12/34/56/78', expected: '+33612345678' },
  { text: 'Salut ! 06 12 34 5678 c’est mon numéro', expected: '+33612345678' },
  { text: 'Pour la réservation du 14 juin : 04 91 55 66 77', expected: '+33491556677' },
  { text: 'Commande 4521 passée, mon numéro 06 78 90 12 34', expected: '+33678901234' },
  { text: 'SMS au 06 12 34 56 78 pour le rdv', expected: '+33612345678' },
  { text: 'Je suis en Belgique : +32 470 12 34 56', expected: '+32470123456' },
  { text: 'Suisse ici, +41 79 123 45 67, vous livrez ?', expected: '+41791234567' },
  { text: 'Moi c’est Léa, 06 61 23 45 67, merci !', expected: '+33661234567' },
  { text: 'tel:+33612345678', expected: '+33612345678' },
  { text: 'contactez moi 06 12 34 56 78 😊', expected: '+33612345678' },

  // ── EN, with a number ──
  { text: 'Interested! Call me at +44 7911 123456', expected: '+447911123456' },
  { text: 'How much for the set? My number is +1 (415) 555-2671', expected: '+14155552671' },
  { text: 'text me on whatsapp +33 6 12 34 56 78 please', expected: '+33612345678' },
  { text: 'You can reach me at 0044 20 7946 0958', expected: '+442079460958' },
  { text: 'Is it still available? +1 212-555-0147 is my cell', expected: '+12125550147' },
  { text: 'my phone is zero six one two three four five six seven eight', expected: '+33612345678' },
  { text: 'Please call +49 151 23456789 tomorrow morning', expected: '+4915123456789' },
  { text: 'Hey! +33.6.12.34.56.78', expected: '+33612345678' },
  { text: 'book me in, 06 12 34 56 78', expected: '+33612345678' },

  // ── FR, without a number (and numbers that are not phones) ──
  { text: 'Combien coûte le lot de 3 ?', expected: null },
  { text: 'Trop beau 😍😍', expected: null },
  { text: 'C’est 1 250 000 € la maison ? 😱', expected: null },
  { text: 'Ma commande n° 0612345678 n’est pas arrivée', expected: null },
  { text: 'Numéro de suivi colis 8L01234567890', expected: null },
  { text: 'Je passe le 12/05/2024 à 14h30', expected: null },
  { text: 'Rendez-vous le 12.05.2024 vers 14.30', expected: null },
  { text: 'Livrez-vous à 75011 Paris ou 69003 Lyon ?', expected: null },
  { text: 'IBAN FR76 3000 6000 0112 3456 7890 189 pour le virement', expected: null },
  { text: 'SIRET 123 456 789 00012', expected: null },
  { text: 'Prix 120, 150 ou 180 euros ?', expected: null },
  { text: 'J’ai 12 500 abonnés, partenariat ?', expected: null },
  { text: 'Facture 2024-000123456 svp', expected: null },
  { text: 'Réf. 0145879632 en taille 38', expected: null },
  { text: 'Ouvert de 9h à 18h du lundi au samedi ?', expected: null },
  { text: 'Je veux deux ou trois pièces, six au total', expected: null },
  { text: 'Total 1 234,56 € TTC', expected: null },
  { text: 'J’ai payé 49.99 le 03.04.2025', expected: null },
  { text: 'Code promo BLACK2024 ne marche pas', expected: null },
  { text: 'merci beaucoup, super service', expected: null },
  { text: 'Carte 4970 1012 3456 7890 refusée', expected: null },

  // ── EN, without a number ──
  { text: 'How much is shipping to Canada?', expected: null },
  { text: 'Order #1234567890 never arrived', expected: null },
  { text: 'Love it! 🔥🔥🔥', expected: null },
  { text: 'We have 2500000 followers, collab?', expected: null },
  { text: 'Meeting on 2024-05-12 at 10:30', expected: null },
  { text: 'It costs $1,299.99 right?', expected: null },
  { text: 'Tracking number 1Z999AA10123456784', expected: null },
  { text: 'Is size 42 available in black?', expected: null },
  { text: 'Zip code 90210, do you ship there?', expected: null },
  { text: 'Invoice 2024 0012 3456 please', expected: null },

  // ── added after tuning, kept whatever the detector does (honest measurement) ──
  { text: 'Mon 06 c’est le 12 34 56 78', expected: '+33612345678' },
  { text: 'Prix: 06 12 34 56 78 c’est mon numéro pour négocier', expected: '+33612345678' },
  { text: 'je réponds vite au 0 6 1 2 3 4 5 6 7 8', expected: '+33612345678' },
  { text: 'Vol AF 1234 le 06/12 à 7h', expected: null },
  { text: 'Code WiFi 0612345678 ça marche pas', expected: null },
  { text: 'Appelez le 3949 pour Pôle emploi', expected: null },
  { text: 'My number: 415-555-2671', expected: '+14155552671' },
];
