/**
 * When the bot of one conversation must stay silent. Pure: the Decide step and the follow-up runner both ask
 * `automationBlock`, so a paused or opted-out conversation gets nothing automatic from any path, while the
 * message is still logged, scored and synced (those steps run before and regardless of the decision).
 */
export const PAUSED_REASONS = ['handover', 'human_reply', 'page_reply', 'opt_out', 'manual'] as const;
export type PausedReason = (typeof PAUSED_REASONS)[number];

export interface ConversationState {
  botPaused: boolean;
  pausedReason: PausedReason | null;
  /** The person asked to stop on this platform; only an explicit opt-in keyword lifts it. */
  optedOut: boolean;
}

export const OPEN_CONVERSATION: ConversationState = { botPaused: false, pausedReason: null, optedOut: false };

/**
 * Opt-out words, per language, matched on the whole message (trimmed, case- and accent-insensitive, trailing
 * punctuation ignored): "stop" inside a longer sentence ("don't stop the offer") is not an opt-out. This is the
 * usual keyword rule of SMS/Messenger marketing tools (CTIA STOP/UNSUBSCRIBE/CANCEL/END/QUIT plus the French,
 * Spanish, German and Italian equivalents).
 */
const OPT_OUT = new Set([
  'stop',
  'stopp',
  'unsubscribe',
  'cancel',
  'end',
  'quit',
  'stop all',
  'stopall',
  'arrete',
  'arreter',
  'arretez',
  'desabonner',
  'desabonnement',
  'me desabonner',
  'desinscrire',
  'me desinscrire',
  'baja',
  'darme de baja',
  'parar',
  'abmelden',
  'basta',
  'annulla iscrizione',
]);

/**
 * Opt-in: only an explicit keyword (START, UNSTOP, SUBSCRIBE and their French equivalents) lifts an opt-out,
 * as carriers and peers do. Any other new message is logged and scored but the bot stays silent, so "STOP"
 * followed by "why do you keep writing?" does not restart automation.
 */
const OPT_IN = new Set([
  'start',
  'unstop',
  'subscribe',
  'yes',
  'reprendre',
  'abonner',
  'me reabonner',
  'commencer',
]);

export const normalizeKeyword = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s.!?,;:]+$/u, '')
    .replace(/^[\s.!?,;:]+/u, '')
    .replace(/\s+/gu, ' ');

export function consentKeyword(text: string | null | undefined): 'opt_out' | 'opt_in' | null {
  if (!text) return null;
  const word = normalizeKeyword(text);
  if (OPT_OUT.has(word)) return 'opt_out';
  if (OPT_IN.has(word)) return 'opt_in';
  return null;
}

/** The conversation after one incoming message: STOP pauses and remembers, an opt-in keyword resumes. */
export function afterIncoming(state: ConversationState, text: string | null | undefined): ConversationState {
  const keyword = consentKeyword(text);
  if (keyword === 'opt_out') return { botPaused: true, pausedReason: 'opt_out', optedOut: true };
  if (keyword === 'opt_in' && state.optedOut) return { ...OPEN_CONVERSATION };
  return state;
}

/** Why nothing automatic may be sent in this conversation, or null when the bot may answer. */
export function automationBlock(state: ConversationState): string | null {
  if (state.optedOut) return 'the person opted out (STOP): nothing automatic until they opt in again';
  if (state.botPaused) return `the bot is paused in this conversation (${state.pausedReason ?? 'manual'})`;
  return null;
}
