import type { ConversationTurn, Language } from './ports';
import { INTENT_LABELS } from './rules/intent-labels';
import { detectIntents } from './rules/intents';

/** Tokens of conversation a prompt carries at most (an estimate: 4 characters a token, as OpenAI's guides say). */
export const MEMORY_TOKENS = 800;
/** One turn's text is cut here, so one long message cannot push every other one out. */
const MAX_TURN_CHARS = 600;

/** An estimate, never a count: about 4 characters a token, plus a few for the speaker label. */
export const estimateTokens = (text: string) => Math.ceil(text.length / 4) + 4;

const LABELS: Record<Language, { lead: string; business: string }> = {
  fr: { lead: 'Prospect', business: 'Entreprise' },
  en: { lead: 'Prospect', business: 'Business' },
};

/** What a stranger wrote cannot open or close our prompt's delimiters (<message>, </conversation>…). */
export const asData = (text: string) => text.replace(/</g, '‹').replace(/>/g, '›');

/**
 * The turns a prompt shows, oldest first: the newest that fit `maxTokens`, and, when older ones do not fit (or
 * were not loaded: `moreBefore`), one summary line first that counts them and names what the person asked
 * about then (the rules' intents), so a second question still reads in context.
 */
export function renderMemory(
  turns: ConversationTurn[],
  language: Language,
  options: { maxTokens?: number; moreBefore?: boolean } = {},
): string {
  const maxTokens = options.maxTokens ?? MEMORY_TOKENS;
  const lines: string[] = [];
  let used = 0;
  let kept = 0;
  for (let i = turns.length - 1; i >= 0; i -= 1) {
    const turn = turns[i]!;
    const text = turn.text.replace(/\s+/g, ' ').trim();
    const clipped = text.length > MAX_TURN_CHARS ? `${text.slice(0, MAX_TURN_CHARS)}…` : text;
    const line = `${LABELS[language][turn.from]}: ${asData(clipped)}`;
    const cost = estimateTokens(line);
    if (used + cost > maxTokens) break;
    used += cost;
    kept += 1;
    lines.unshift(line);
  }
  const dropped = turns.slice(0, turns.length - kept);
  if (dropped.length > 0 || options.moreBefore)
    lines.unshift(summaryLine(dropped, language, options.moreBefore));
  return lines.join('\n') || '-';
}

function summaryLine(dropped: ConversationTurn[], language: Language, more = false): string {
  const asked = [
    ...new Set(
      dropped
        .filter((t) => t.from === 'lead')
        .flatMap((t) => detectIntents(t.text))
        .filter((i) => i !== 'question' && i !== 'greeting'),
    ),
  ].map((i) => INTENT_LABELS[i][language]);
  const count = `${dropped.length}${more ? '+' : ''}`;
  if (language === 'en')
    return `(${count} earlier messages not shown${asked.length ? `; the person asked about: ${asked.join(', ')}` : ''})`;
  return `(${count} messages plus anciens non affichés${asked.length ? ` ; la personne a parlé de : ${asked.join(', ')}` : ''})`;
}
