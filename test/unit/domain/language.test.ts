import { describe, expect, it } from 'vitest';
import { detectLanguage, languageName, replyLanguage } from '../../../shared/domain/language/language';

/** Real messages of the kind shops receive, short ones first (they are the hard ones). */
const MESSAGES: [string, string][] = [
  ['combien ?', 'fr'],
  ['price?', 'en'],
  ['hola precio', 'es'],
  ['preço?', 'pt'],
  ['prezzo?', 'it'],
  ['Preis?', 'de'],
  ['merci', 'fr'],
  ['thanks!', 'en'],
  ['gracias', 'es'],
  ['obrigado', 'pt'],
  ['grazie', 'it'],
  ['danke', 'de'],
  ['salut, dispo ?', 'fr'],
  ['Trop beau 😍😍', 'fr'],
  ['Bonjour, c’est combien la box premium ?', 'fr'],
  ['Vous livrez à Lyon ?', 'fr'],
  ['J’ai toujours pas reçu ma commande', 'fr'],
  ['Hi, how much is it?', 'en'],
  ['Do you deliver to Manchester?', 'en'],
  ['When are you open on Sunday?', 'en'],
  ['bonjour do you ship to canada?', 'en'],
  ['¿Cuánto cuesta el envío a Madrid?', 'es'],
  ['Buenas tardes, ¿tienen la talla M?', 'es'],
  ['Me encanta, lo quiero', 'es'],
  ['Olá, quanto custa?', 'pt'],
  ['Vocês entregam em Lisboa?', 'pt'],
  ['Não recebi meu pedido', 'pt'],
  ['Ciao, quanto costa?', 'it'],
  ['Fate spedizione in Italia?', 'it'],
  ['Vorrei ordinare due scatole', 'it'],
  ['Was kostet das?', 'de'],
  ['Hallo, liefern Sie nach Berlin?', 'de'],
  ['Wie viel kostet der Versand?', 'de'],
  ['Danke, sehr schön!', 'de'],
  ['كم السعر؟', 'ar'],
  ['مرحبا، هل التوصيل متاح؟', 'ar'],
  ['السلام عليكم bonjour', 'ar'],
];

describe('Function: detectLanguage', () => {
  it('tells the seven languages apart on real messages, short ones included', () => {
    // Prepare
    const expected = MESSAGES.map(([text, language]) => ({ text, language }));

    // Act
    const detected = MESSAGES.map(([text]) => ({ text, language: detectLanguage(text)?.language ?? null }));

    // Assess
    expect(detected).toEqual(expected);
  });

  it('gives no answer when nothing in the message tells', () => {
    // Prepare
    const untelling = ['😍', 'ok', '06 12 34 56 78', 'STOP', '???', 'no'];

    // Act
    const detected = untelling.map((text) => detectLanguage(text));

    // Assess
    expect(detected).toEqual(untelling.map(() => null));
  });
});

describe('Function: replyLanguage', () => {
  it('answers in the message’s language when the workspace allows it', () => {
    // Prepare
    const settings = { languages: ['fr', 'en', 'es'], defaultLanguage: 'fr' };

    // Act
    const languages = ['hola precio', 'price?', 'combien ?'].map((text) => replyLanguage(text, settings));

    // Assess
    expect(languages).toEqual(['es', 'en', 'fr']);
  });

  it('falls back to the default for a language the workspace does not allow, or no telling message', () => {
    // Prepare
    const settings = { languages: ['fr', 'en'], defaultLanguage: 'en' };

    // Act
    const languages = ['Ciao, quanto costa?', '😍', 'combien ?'].map((text) => replyLanguage(text, settings));

    // Assess
    expect(languages).toEqual(['en', 'en', 'fr']);
  });

  it('takes the first allowed language as default, and French and English without settings', () => {
    // Prepare
    const onlyGerman = { languages: ['de'] };

    // Act
    const withList = [replyLanguage('price?', onlyGerman), replyLanguage('Was kostet das?', onlyGerman)];
    const unset = ['price?', 'combien ?', 'hola precio', 'ok'].map((text) => replyLanguage(text, null));

    // Assess
    expect(withList).toEqual(['de', 'de']);
    expect(unset).toEqual(['en', 'fr', 'fr', 'fr']);
  });
});

describe('Function: languageName', () => {
  it('names a language for a French or an English prompt, an unknown code by itself', () => {
    expect([languageName('es', 'fr'), languageName('es', 'en'), languageName('nl', 'en')]).toEqual([
      'espagnol',
      'Spanish',
      'nl',
    ]);
  });
});
