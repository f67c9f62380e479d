/**
 * Errors the workflow's Retry and Catch fields match by name (state-machines/message-processing.asl.json).
 * The names are the contract with the ASL: Lambda reports `error.name` as the error type, and the local runner
 * matches on the same property, so keep them literal.
 */
export class RetryableSendError extends Error {
  override name = 'RetryableSendError';
}

/** The provider refused for good (window closed, permission, invalid): recorded on the lead, not retried. */
export class PermanentSendError extends Error {
  override name = 'PermanentSendError';
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** Another worker holds the send claim right now: retry shortly and read what it did. */
export class SendInProgressError extends Error {
  override name = 'SendInProgressError';
}

/** The queue message is not an IncomingMessage: retrying cannot fix it; it ends in the dead-letter queue. */
export class InvalidMessageError extends Error {
  override name = 'InvalidMessageError';
}
