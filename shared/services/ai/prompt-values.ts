import type { ConversationTurn, Language } from './ports';

/** What the model-backed operations put in their prompts and accept back (llm-engine.ts, llm-summarizer.ts). */

const MAX_TURNS = 20;
const MAX_TEXT = 2000;
const SPEAKERS: Record<Language, { lead: string; business: string }> = {
  fr: { lead: 'Prospect', business: 'Entreprise' },
  en: { lead: 'Prospect', business: 'Business' },
};

export const clip = (text: string, max = MAX_TEXT) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** The last turns, one line each, as the classify and summary prompts show them. */
export const renderHistory = (history: ConversationTurn[], language: Language) =>
  history
    .slice(-MAX_TURNS)
    .map((turn) => `${SPEAKERS[language][turn.from]}: ${clip(turn.text.replace(/\s+/g, ' '))}`)
    .join('\n') || '-';

/** Accepts a non-empty text of bounded size (what strict json_schema cannot express). */
export const acceptText = (value: string, max: number) => {
  const trimmed = value.trim();
  return trimmed && trimmed.length <= max ? { value: trimmed } : null;
};
