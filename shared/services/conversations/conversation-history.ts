import type { ConversationTurn } from '../ai/ports';
import type { ConversationStore } from './ports';

/** Messages read for a prompt's memory; the engine keeps the newest that fit its token bound. */
export const HISTORY_MESSAGES = 30;

/**
 * The thread before `before` (an ISO instant: the message being answered), oldest first, as the AI engine's
 * turns: what the person wrote is the lead's, what the bot, a member or the page wrote is the business's.
 * Nothing older than `since` (the workspace's retention cutoff) is read: an expired message never reaches a prompt.
 */
export async function conversationHistory(
  store: Pick<ConversationStore, 'thread'>,
  workspaceId: string,
  leadId: string,
  before: string,
  since: string,
): Promise<{ turns: ConversationTurn[]; truncated: boolean }> {
  const { messages, nextCursor } = await store.thread(
    workspaceId,
    leadId,
    HISTORY_MESSAGES + 1,
    undefined,
    since,
  );
  const earlier = messages.filter((m) => m.at < before && m.text.trim() !== '');
  return {
    turns: earlier.map((m) => ({ from: m.direction === 'in' ? 'lead' : 'business', text: m.text, at: m.at })),
    truncated: nextCursor !== null,
  };
}
