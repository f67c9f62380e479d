import { AppError, ProviderError, RateLimitedError } from '../../errors';
import type { SendFailure, SendResult } from './ports';

/**
 * The provider's answer means the stored credentials no longer work (expired refresh token, revoked consent,
 * password change): only the user can fix it by connecting again. Callers move the account to needs_reconnect.
 */
export class AccountReconnectRequiredError extends ProviderError {
  override name = 'AccountReconnectRequiredError';
  constructor(
    provider: string,
    /** Plain words for the user, stored as the account's lastError. */
    readonly reason: string,
  ) {
    super(provider, `${reason} Connect the account again to resume.`);
  }
}

/** The provider throttled us, or our own budget of its API (YouTube units) is spent. */
export class ProviderRateLimitedError extends RateLimitedError {
  override name = 'ProviderRateLimitedError';
  constructor(
    readonly provider: string,
    readonly retryAfterSeconds: number,
    message: string,
  ) {
    super(retryAfterSeconds, message);
  }
}

/** An action the platform's public API does not offer (e.g. TikTok direct messages). */
export class ActionNotSupportedError extends AppError {
  override name = 'ActionNotSupportedError';
  constructor(message: string) {
    super(400, 'not_supported', message);
  }
}

/** A send's failure expressed as the HTTP error a route throws (the workflow reads the SendFailure itself). */
export function sendFailureError(provider: string, failure: SendFailure): AppError {
  switch (failure.code) {
    case 'rate_limited':
      return new ProviderRateLimitedError(provider, failure.retryAfterSeconds ?? 60, failure.explanation);
    case 'not_supported':
      return new ActionNotSupportedError(failure.explanation);
    case 'invalid_request':
      return new AppError(400, 'validation_failed', failure.explanation);
    case 'auth_expired':
      return new AccountReconnectRequiredError(provider, failure.explanation);
    default:
      return new ProviderError(provider, failure.explanation);
  }
}

/** Maps an error thrown inside a provider to the SendFailure the workflow understands. */
export function sendFailureOf(error: unknown): SendFailure | undefined {
  if (error instanceof AccountReconnectRequiredError)
    return { code: 'auth_expired', retryable: false, explanation: error.reason };
  if (error instanceof ProviderRateLimitedError)
    return {
      code: 'rate_limited',
      retryable: true,
      retryAfterSeconds: error.retryAfterSeconds,
      explanation: error.message,
    };
  // What a provider threw after translating its API's answer (each provider's `errorOf`).
  if (error instanceof ProviderError)
    return { code: 'provider_unavailable', retryable: true, explanation: error.message };
  if (error instanceof AppError && error.status === 400)
    return { code: 'invalid_request', retryable: false, explanation: error.message };
  if (error instanceof AppError && error.status === 403)
    return { code: 'permission_denied', retryable: false, explanation: error.message };
  return undefined;
}

/** A send that failed before or at the provider, never retried blindly: the failure says whether to retry. */
export const failedSend = (
  code: SendFailure['code'],
  explanation: string,
  retryable = false,
): SendResult => ({ status: 'failed', failure: { code, retryable, explanation } });
