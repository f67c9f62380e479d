import { type IncomingMessage, incomingMessageSchema } from '../../domain/messages/incoming-message';
import { InvalidMessageError } from './errors';

// Apart from interaction-logger.ts: Complete builds the logger for its done marker and parses no message, and
// this schema (~95 zod schemas) would be built at every cold start of its Lambda.

/** Parses a queue body (a JSON string from SQS, an object locally) into an IncomingMessage. */
export function parseIncomingMessage(body: unknown): IncomingMessage {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      throw new InvalidMessageError('the queue message body is not JSON');
    }
  }
  const parsed = incomingMessageSchema.safeParse(value);
  if (!parsed.success)
    throw new InvalidMessageError(
      `the queue message is not an IncomingMessage: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`,
    );
  return parsed.data;
}
