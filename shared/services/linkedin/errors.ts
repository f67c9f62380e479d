/**
 * What a LinkedIn page can tell the processor. The browser adapter throws these; the processor decides what each
 * means for the job and the account. Auth errors are never retried: retrying a dead cookie only looks more robotic.
 */
export class LinkedInSessionExpiredError extends Error {
  override name = 'LinkedInSessionExpiredError';
  constructor(readonly landedOn: string) {
    super('LinkedIn showed its login wall: the session cookie is expired or revoked.');
  }
}

export class LinkedInCheckpointError extends Error {
  override name = 'LinkedInCheckpointError';
  constructor(readonly landedOn: string) {
    super('LinkedIn asked for a security check (checkpoint challenge).');
  }
}

/** LinkedIn shows a limit warning (e.g. the weekly invitation limit): stop acting for a day. */
export class LinkedInLimitNoticeError extends Error {
  override name = 'LinkedInLimitNoticeError';
  constructor(readonly notice: string) {
    super(`LinkedIn shows a limit warning: ${notice}`);
  }
}

/** Navigation timeout, network error, 5xx page, or a page that did not finish rendering: worth retrying. */
export class LinkedInTransientError extends Error {
  override name = 'LinkedInTransientError';
  constructor(
    message: string,
    /** Failed after the send button was clicked: the message may be on LinkedIn, so never blindly retype it. */
    readonly afterSubmit = false,
  ) {
    super(message);
  }
}

/** The conversation does not exist for this account (404): retrying cannot help. */
export class LinkedInNotFoundError extends Error {
  override name = 'LinkedInNotFoundError';
}
