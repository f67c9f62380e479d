import { AppError, type ErrorDetail } from '../../errors';
import { scopedLogKey } from '../../observability/logger';

/**
 * The event an internal function receives: the request, and the caller's correlation id, so the function's log
 * lines carry the id of the API request that caused them (in AWS they are two invocations, two log groups).
 */
export interface Invocation<R> {
  request: R;
  correlationId?: string;
}

/** The invocation of `request` from the current log scope (its correlation id, when it has one). */
export function invocationOf<R>(request: R): Invocation<R> {
  const correlationId = scopedLogKey('correlation_id');
  return typeof correlationId === 'string' ? { request, correlationId } : { request };
}

/**
 * What an internal function returns: its value, or the AppError it threw (status, code, message, details,
 * headers), so the calling route answers exactly what the same service answers in process (a 409
 * window_closed stays a 409 window_closed). Anything else it throws is the invocation's failure (Lambda's
 * FunctionError), which the caller reports as an InternalFunctionError: a 500, never a client error.
 */
export type InternalAnswer<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      error: {
        status: number;
        code: string;
        message: string;
        details?: ErrorDetail[];
        headers?: Record<string, string>;
      };
    };

/** The invocation itself failed: the function threw something other than an AppError, timed out, or ran out. */
export class InternalFunctionError extends Error {
  override name = 'InternalFunctionError';
  constructor(
    readonly functionName: string,
    /** Lambda's FunctionError ('Unhandled', 'Handled'), or what made the answer unreadable. */
    readonly kind: string,
    /** The function's error payload (`{ errorType, errorMessage }`), as the runtime reported it. */
    readonly payload: string,
  ) {
    super(`The internal function ${functionName} failed (${kind}): ${payload.slice(0, 500)}`);
  }
}

/** The answer for a thrown AppError. */
export function failedAnswer(error: AppError): InternalAnswer<never> {
  return {
    ok: false,
    error: {
      status: error.status,
      code: error.code,
      message: error.message,
      ...(error.details ? { details: error.details } : {}),
      ...(error.headers ? { headers: error.headers } : {}),
    },
  };
}

/** Reads an answer's JSON: the value, or the AppError it carries thrown again; anything else is refused. */
export function valueOfAnswer<T>(functionName: string, json: string): T {
  let answer: unknown;
  try {
    answer = JSON.parse(json);
  } catch {
    throw new InternalFunctionError(functionName, 'unreadable answer', json);
  }
  if (typeof answer === 'object' && answer !== null && 'ok' in answer) {
    const typed = answer as InternalAnswer<T>;
    if (typed.ok) return typed.value;
    const { status, code, message, details, headers } = typed.error;
    throw new AppError(status, code, message, details, headers);
  }
  throw new InternalFunctionError(functionName, 'unreadable answer', json);
}
