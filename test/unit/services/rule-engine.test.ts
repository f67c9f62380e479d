import { describe, expect, it } from 'vitest';
import type { ReplyInput } from '../../../shared/services/ai/ports';
import { RuleBasedAiEngine } from '../../../shared/services/ai/rule-engine';
import { detectIntents, guessLanguage, primaryIntent } from '../../../shared/services/ai/rules/intents';

const engine = new RuleBasedAiEngine();
const base: ReplyInput = {
  workspaceId: 'ws',
  platform: 'instagram',
  kind: 'dm',
  text: '',
  authorName: null,
  instruction: null,
};
const reply = async (text: string, overrides: Partial<ReplyInput> = {}) =>
  (
    await engine.generateReply({
      workspaceId: 'ws',
      platform: 'instagram',
      kind: 'dm',
      text,
      authorName: null,
      instruction: null,
      ...overrides,
    })
  ).value;

describe('Function: guessLanguage', () => {
  it('tells French from English, French by default', () => {
    expect(guessLanguage('Bonjour, c’est combien ?')).toBe('fr');
    expect(guessLanguage('Hi, how much is it?')).toBe('en');
    expect(guessLanguage('😍')).toBe('fr');
    expect(guessLanguage('Prix de la robe rouge')).toBe('fr');
    expect(guessLanguage('is this still available')).toBe('en');
  });
});

describe('Function: detectIntents', () => {
  it('finds the intents, most important first', () => {
    expect(detectIntents('Bonjour, quel est le prix ? Vous livrez ?')).toEqual([
      'price',
      'delivery',
      'greeting',
      'question',
    ]);
    expect(detectIntents('Where are you located and what are your opening hours?')).toEqual([
      'location',
      'hours',
      'question',
    ]);
    expect(detectIntents('Toujours pas reçu ma commande, je veux un remboursement')[0]).toBe('complaint');
    expect(detectIntents('Merci !')).toEqual(['thanks']);
    expect(detectIntents('mon numéro', '+33612345678')).toContain('contact_given');
  });
});

describe('Function: primaryIntent', () => {
  it('puts spam and refusals first, then given contact details, a delivery question before a price one', () => {
    // Prepare
    const messages: [string, string | null][] = [
      ['Follow me for free followers, best price', null],
      ['Combien ? mon 06 12 34 56 78', '+33612345678'],
      ['Combien coûte la livraison ?', null],
      ['Je voudrais un devis pour 40 bougies', null],
      ['Combien de temps pour être livrée ?', null],
      ['Merci pour l’envoi rapide', null],
      ['Merci, vous livrez à Lyon ?', null],
      ['ok', null],
    ];

    // Act
    const primary = messages.map(([text, contact]) => primaryIntent(detectIntents(text, contact)));

    // Assess
    expect(primary).toEqual([
      'spam',
      'contact_given',
      'delivery',
      'price',
      'delivery',
      'thanks',
      'delivery',
      null,
    ]);
  });
});

describe('Class: RuleBasedAiEngine', () => {
  describe('Method: generateReply', () => {
    it('answers a DM by intent, in the person’s language, without inventing facts', async () => {
      const price = await reply('Bonjour, c’est combien ?', { authorName: 'Léa Martin' });
      expect(price).toContain('Léa');
      expect(price).toContain('tarif');
      expect(price).not.toMatch(/\d/);
      expect(await reply('Is it still available in size M?')).toMatch(/availability/);
      expect(await reply('Where is the shop?')).toMatch(/address/);
      expect(await reply('Vous êtes ouverts dimanche ?')).toMatch(/horaires/);
      expect(await reply('merci beaucoup')).toMatch(/^Merci à vous/);
      expect(await reply('Never received my order, I want a refund')).toMatch(/sorry/);
      expect(await reply('pas intéressé, stop')).toMatch(/ne vous relancerons pas/);
      expect(await reply('Je veux commander 2 boîtes')).toMatch(/finaliser/);
      expect(await reply('Hello')).toBe('Hi! How can we help you?');
      expect(await reply('Earn $500 a day with crypto, DM me')).toBe(
        "Thanks, we don't follow up on this kind of offer.",
      );
      expect(await reply('ok')).toBe('Merci pour votre message ! Nous revenons vers vous très vite.');
    });

    it('says in the person’s language that a human will answer, and hands over, beyond French and English', async () => {
      // Prepare
      const knowledge = { languages: ['fr', 'en', 'es', 'ar'] };

      // Act
      const spanish = await engine.generateReply({ ...base, text: 'hola precio', knowledge });
      const arabic = await engine.generateReply({ ...base, text: 'كم السعر؟', knowledge });
      const english = await engine.generateReply({ ...base, text: 'price?', knowledge });

      // Assess
      expect(spanish).toMatchObject({ value: expect.stringMatching(/^¡Gracias/), handover: true });
      expect(arabic).toMatchObject({ value: expect.stringMatching(/^شكرًا/), handover: true });
      expect(english.handover).toBeUndefined();
    });

    it('answers a language the workspace does not allow in its default, with its templates', async () => {
      // Prepare
      const knowledge = { languages: ['fr', 'en'], defaultLanguage: 'en' };

      // Act
      const italian = await engine.generateReply({ ...base, text: 'Ciao, quanto costa?', knowledge });

      // Assess
      // The intents are read in French and English only: an unread question goes to a person, in English.
      expect(italian.value).toBe(
        'Thanks for your question! Someone from our team will answer you very soon.',
      );
      expect(italian.handover).toBe(true);
    });

    it('says a person will follow up, and hands over, when the knowledge cannot answer', async () => {
      // Prepare
      const knowledge = {
        products: [{ name: 'Bougie', price: { amountMinor: 2400, currency: 'EUR' } }],
        faq: [{ question: 'Livrez-vous en Belgique ?', answer: 'Oui, sous 3 jours.' }],
      };
      const ask = (text: string, kind: ReplyInput['kind'] = 'dm') =>
        engine.generateReply({ ...base, text, kind, knowledge });

      // Act
      const unknown = await ask('Vous faites des bougies sans parfum ?');
      const quote = await ask('Je voudrais un devis pour 40 bougies');
      const complaint = await ask('My order never arrived, I want a refund');
      const publicQuestion = await ask('Is the wax vegan?', 'comment');
      const answered = await ask('Livrez-vous en Belgique ?');
      const priced = await ask('combien la bougie ?');

      // Assess
      expect(unknown).toMatchObject({
        value: "Merci pour votre question ! Une personne de l'équipe vous répond très vite.",
        handover: true,
      });
      expect(quote).toMatchObject({ value: expect.stringContaining('devis'), handover: true });
      expect(quote.value).not.toMatch(/\d/);
      expect(complaint).toMatchObject({
        value: expect.stringMatching(/Someone from our team/),
        handover: true,
      });
      expect(publicQuestion).toMatchObject({
        value: expect.stringMatching(/private message/),
        handover: true,
      });
      expect(answered).toEqual({ value: 'Oui, sous 3 jours.', source: 'rules', promptVersion: 'rules-v4' });
      expect(priced.value).toContain('24 €');
      expect(priced.handover).toBeUndefined();
    });

    it('acknowledges a phone in a DM', async () => {
      expect(await reply('Combien ? appelez moi au 06 12 34 56 78')).toMatch(/coordonnées/);
    });

    it('keeps public comment replies short, moves details to DM, never repeats a phone', async () => {
      const text = 'Prix et dispo ? mon 06 12 34 56 78';
      const publicReply = await reply(text, { kind: 'comment' });
      expect(publicReply).not.toContain('06');
      expect(publicReply).toMatch(/en privé/);
      expect(await reply('Prix et dispo ?', { kind: 'comment', authorName: 'Zoé' })).toBe(
        'Merci Zoé ! Nous vous envoyons nos tarifs et les disponibilités en message privé 📩',
      );
      expect(await reply('How much?', { kind: 'comment' })).toBe(
        "Thanks! We're sending you our prices by private message 📩",
      );
      expect(await reply('Trop beau 😍', { kind: 'comment' })).toMatch(/Merci infiniment/);
    });

    it('honours an explicit language', async () => {
      expect(await reply('prix ?', { language: 'en' })).toMatch(/price/);
    });

    it('is deterministic and marked as rules', async () => {
      const input = {
        workspaceId: 'ws',
        platform: 'facebook',
        kind: 'dm',
        text: 'prix ?',
        authorName: null,
        instruction: null,
      } as const;
      const [a, b] = [await engine.generateReply(input), await engine.generateReply(input)];
      expect(a).toEqual(b);
      expect(a).toMatchObject({ source: 'rules', promptVersion: 'rules-v4' });
    });
  });

  describe('Methods: classify, follow up, summarize, extract', () => {
    const history = [
      { from: 'lead' as const, text: 'Bonjour, combien coûte la box ?', at: '2026-03-01T09:00:00Z' },
      { from: 'business' as const, text: 'Elle est à 29 €.', at: '2026-03-01T09:01:00Z' },
      { from: 'lead' as const, text: 'Je la prends, mon numéro 06 12 34 56 78', at: '2026-03-01T09:05:00Z' },
    ];

    it('classifies with the explainable score', async () => {
      const hot = await engine.classifyProspect({ workspaceId: 'ws', text: history[2]!.text, history });
      expect(hot.value.class).toBe('hot');
      expect(hot.value.reason).toMatch(/phone_given \+25/);
      const cold = await engine.classifyProspect({ workspaceId: 'ws', text: 'joli', history: [] });
      expect(cold.value.class).toBe('cold');
    });

    it('follows up on what the lead last asked', async () => {
      const followUp = await engine.generateFollowUp({
        workspaceId: 'ws',
        authorName: 'Sam',
        history: [{ from: 'lead', text: 'How much is it?', at: '2026-03-01T09:00:00Z' }],
      });
      expect(followUp.value).toBe(
        'Hi Sam, did you get a chance to look at our prices? We’re here if you have any question.',
      );
    });

    it('offers the knowledge’s first link as the concrete help, stated as stored', async () => {
      // Act
      const followUp = await engine.generateFollowUp({
        workspaceId: 'ws',
        authorName: 'Léa',
        history: [{ from: 'lead', text: 'Je voudrais commander la box', at: '2026-03-01T09:00:00Z' }],
        knowledge: { links: [{ label: 'Commander', url: 'https://atelier.example/box' }] },
      });

      // Assess
      expect(followUp.value).toBe(
        'Bonjour Léa, je reviens vers vous pour votre commande : souhaitez-vous que nous la finalisions ensemble ? Commander : https://atelier.example/box',
      );
    });

    it('summarizes topics, phone and last message', async () => {
      const summary = await engine.summarizeConversation({ workspaceId: 'ws', history });
      expect(summary.value).toBe(
        "2 message(s) du prospect, 1 réponse(s) de l'entreprise. Sujets : prix, commande/réservation, coordonnées données. " +
          'Téléphone donné : +33612345678. Dernier message : « Je la prends, mon numéro 06 12 34 56 78 ».',
      );
    });

    it('extracts the phone with the deterministic detector', async () => {
      expect((await engine.extractPhoneNumber({ workspaceId: 'ws', text: 'tel 07 81 22 33 44' })).value).toBe(
        '+33781223344',
      );
    });
  });
});
