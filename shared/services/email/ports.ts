import type { EmailMessage } from '../../domain/email/messages';

/**
 * Sends one email. Amazon SES (API v2) in AWS; on the local stage, the local mailbox that GET /_local/mailbox and
 * the developer console read. Throws ProviderError when the provider refuses or fails.
 */
export interface EmailSender {
  send(message: EmailMessage): Promise<void>;
}
