import type { IncomingMessage } from '../../domain/messages/incoming-message';
import type { SocialAccount } from '../social/ports';

/** Interactions waiting for their account to be reconnected (see domain/accounts/account-problems.ts). */
export interface ParkedInteractionStore {
  park(message: IncomingMessage, at: string): Promise<void>;
  unpark(workspaceId: string, accountId: string, dedupeKey: string): Promise<void>;
  /** A page of the account's parked messages, oldest interaction key first. */
  list(
    workspaceId: string,
    accountId: string,
    cursor?: string,
  ): Promise<{ items: IncomingMessage[]; nextCursor: string | null }>;
}

/**
 * What the providers' callers report: the one way an account changes health. Implemented by
 * AccountHealthService; the sender, collectors, token refresh and the LinkedIn worker depend on this port.
 */
export interface AccountHealthReporter {
  markNeedsReconnect(account: SocialAccount, reason: string): Promise<void>;
  markPaused(account: SocialAccount, reason: string): Promise<void>;
  recordEvent(account: SocialAccount, at?: string): Promise<void>;
}
