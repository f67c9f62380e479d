import { AppError } from '../../errors';

/** A webhook whose signature does not verify (wrong secret, altered body, or older than the tolerance). */
export class WebhookSignatureError extends AppError {
  override name = 'WebhookSignatureError';
  constructor(message = 'The webhook signature is invalid.') {
    super(400, 'invalid_signature', message);
  }
}
