/**
 * Account-health rules, pure: what an account problem looks like to the user, when a repeat of "account
 * touched" is worth a write, and whether an unanswered interaction waits for its account rather than finishing.
 */

/** lastEventAt is written at most this often per account: it shows the connection is alive, not a counter. */
export const LAST_EVENT_RESOLUTION_MS = 60_000;

export function lastEventDue(previous: string | null, at: string): boolean {
  if (!previous) return true;
  return Date.parse(at) - Date.parse(previous) >= LAST_EVENT_RESOLUTION_MS;
}

/** Providers explain in fragments ("the Meta access token expired: reconnect the account"): show a sentence. */
export function asSentence(reason: string): string {
  const text = reason.trim();
  if (text === '') return 'The provider refused the connection.';
  const capitalised = text[0]!.toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

export type HealthStatus = 'active' | 'needs_reconnect' | 'paused' | 'missing';

export interface CompletionFacts {
  /** A backfilled message too old to answer is finished once logged. */
  actionable: boolean;
  /** The matched scenario wanted to send something (reply, dm or private reply). */
  wantedToSend: boolean;
  /** Sent, sent earlier, or possibly sent (uncertain): the answer is out of our hands either way. */
  delivered: boolean;
  /** The account's status when the workflow decided, and after it tried to send (when it did). */
  statusAtDecision: HealthStatus;
  statusNow: HealthStatus | undefined;
}

/**
 * An interaction a scenario would have answered, but its account could not send (needs reconnecting, paused,
 * or failed auth mid-send), is parked instead of finished: after a reconnect it is processed again and
 * answered if still inside its window. Everything else is finished.
 */
export function awaitsAccount(facts: CompletionFacts): boolean {
  if (!facts.actionable || !facts.wantedToSend || facts.delivered) return false;
  const blocked = (status: HealthStatus | undefined) => status === 'needs_reconnect' || status === 'paused';
  return blocked(facts.statusAtDecision) || blocked(facts.statusNow);
}
