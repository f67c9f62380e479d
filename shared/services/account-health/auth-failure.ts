import type { SendFailure } from '../social/ports';

/**
 * The plain-words reason when an error thrown by a provider call (collect, refresh) means the stored
 * credentials no longer work and only the user can fix it; undefined for anything else (throttling, outages).
 * Providers carry their mapped failure on the error (e.g. Meta's GraphApiError.failure).
 */
export function authFailureOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const failure = (error as { failure?: Partial<SendFailure> }).failure;
  if (failure?.code === 'auth_expired' && typeof failure.explanation === 'string') return failure.explanation;
  return undefined;
}
