/**
 * What the rule engine says in a language it has no templates for (it writes French and English only): one
 * plain sentence that a person will answer, and the conversation is handed over. Never a guess at the answer.
 */
export const HUMAN_WILL_ANSWER: Record<string, string> = {
  es: '¡Gracias por tu mensaje! Una persona de nuestro equipo te responderá muy pronto.',
  pt: 'Obrigado pela sua mensagem! Uma pessoa da nossa equipa vai responder-lhe em breve.',
  it: 'Grazie per il tuo messaggio! Una persona del nostro team ti risponderà a breve.',
  de: 'Danke für Ihre Nachricht! Eine Person aus unserem Team antwortet Ihnen in Kürze.',
  ar: 'شكرًا على رسالتك! سيرد عليك أحد أعضاء فريقنا قريبًا.',
};

/** A language with neither templates nor a sentence of its own (the workspace's default may be any code). */
export const HUMAN_WILL_ANSWER_FALLBACK =
  'Thanks for your message! Someone from our team will answer you shortly.';

export const humanWillAnswer = (language: string): string =>
  HUMAN_WILL_ANSWER[language] ?? HUMAN_WILL_ANSWER_FALLBACK;
