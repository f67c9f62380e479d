/**
 * Errors that cross layers. Each carries the HTTP status and the contract's snake_case code, so the HTTP
 * layer maps them without knowing every service, and services stay free of HTTP types.
 */
export interface ErrorDetail {
  path: string;
  message: string;
}

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export class ValidationError extends AppError {
  override name = 'ValidationError';
  constructor(message: string, details: ErrorDetail[] = []) {
    super(400, 'validation_failed', message, details);
  }
}

export class InvalidJsonError extends AppError {
  override name = 'InvalidJsonError';
  constructor(message = 'The request body is not valid JSON.') {
    super(400, 'invalid_json', message);
  }
}

export class UnauthorizedError extends AppError {
  override name = 'UnauthorizedError';
  constructor(message = 'Authentication is required.') {
    super(401, 'unauthorized', message);
  }
}

export class ForbiddenError extends AppError {
  override name = 'ForbiddenError';
  constructor(message = 'You do not have access to this resource.') {
    super(403, 'forbidden', message);
  }
}

export class NotFoundError extends AppError {
  override name = 'NotFoundError';
  constructor(message = 'Not found.') {
    super(404, 'not_found', message);
  }
}

export class ConflictError extends AppError {
  override name = 'ConflictError';
  constructor(message: string) {
    super(409, 'conflict', message);
  }
}

/** 409 window_closed: the platform's messaging window forbids this message; the message says when it reopens. */
export class WindowClosedError extends AppError {
  override name = 'WindowClosedError';
  constructor(message: string, closedAt: string) {
    super(409, 'window_closed', message, [
      { path: 'window', message: `closed at ${closedAt}; reopens when the person writes again` },
    ]);
  }
}

/** 409 account_already_connected: the external account (Page, IG account, channel, member) has another owner. */
export class AccountAlreadyConnectedError extends AppError {
  override name = 'AccountAlreadyConnectedError';
  constructor(message: string) {
    super(409, 'account_already_connected', message);
  }
}

/** LinkedIn is connected only once the workspace owner acknowledged its automation terms (409). */
export class LinkedInTermsNotAcknowledgedError extends AppError {
  override name = 'LinkedInTermsNotAcknowledgedError';
  constructor(warning: string) {
    super(
      409,
      'linkedin_terms_not_acknowledged',
      `${warning} The workspace owner must acknowledge this once: connect again with "acknowledgeTerms": true.`,
    );
  }
}

export class PayloadTooLargeError extends AppError {
  override name = 'PayloadTooLargeError';
  constructor(limitBytes: number) {
    super(413, 'payload_too_large', `The request body exceeds ${limitBytes} bytes.`);
  }
}

export class RateLimitedError extends AppError {
  override name = 'RateLimitedError';
  constructor(retryAfterSeconds: number, message = 'Too many requests; retry later.') {
    super(429, 'rate_limited', message, undefined, {
      'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))),
    });
  }
}

export class QuotaExceededError extends AppError {
  override name = 'QuotaExceededError';
  constructor(message: string) {
    super(402, 'quota_exceeded', message);
  }
}

export class PlanRequiredError extends AppError {
  override name = 'PlanRequiredError';
  constructor(message: string) {
    super(402, 'plan_required', message);
  }
}

export class ProviderError extends AppError {
  override name = 'ProviderError';
  constructor(
    readonly provider: string,
    message: string,
  ) {
    super(502, 'provider_error', message);
  }
}

export class ProviderNotConfiguredError extends AppError {
  override name = 'ProviderNotConfiguredError';
  constructor(readonly provider: string) {
    super(503, 'provider_not_configured', `The ${provider} integration is not configured on this server.`);
  }
}

/** The action needs a verified email address (joining a workspace, reading invitations). */
export class EmailNotVerifiedError extends AppError {
  override name = 'EmailNotVerifiedError';
  constructor(message = 'Verify your email address first: open the link we sent you, or ask for a new one.') {
    super(403, 'email_not_verified', message);
  }
}

/** A signed link token (email verification) that is forged, malformed, expired or already used. */
export class InvalidTokenError extends AppError {
  override name = 'InvalidTokenError';
  constructor(message: string) {
    super(400, 'invalid_token', message);
  }
}
