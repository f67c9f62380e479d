import type { SendFailure } from '../social/ports';
import { AccountReconnectRequiredError } from '../social/provider-errors';

/**
 * The plain-words reason when an error thrown by a provider call (collect, refresh) means the stored
 * credentials no longer work and only the user can fix it; undefined for anything else (throttling, outages).
 * OAuth providers (TikTok, YouTube) throw AccountReconnectRequiredError; Meta carries its mapped failure on
 * the error (GraphApiError.failure).
 */
export function authFailureOf(error: unknown): string | undefined {
  if (error instanceof AccountReconnectRequiredError) return error.reason;
  if (typeof error !== 'object' || error === null) return undefined;
  const failure = (error as { failure?: Partial<SendFailure> }).failure;
  if (failure?.code === 'auth_expired' && typeof failure.explanation === 'string') return failure.explanation;
  return undefined;
}
