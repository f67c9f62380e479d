import { fields } from './validation';
import * as z from './zod';

/** GET /_local/mailbox (local stage only). */
export const mailboxQuery = z.object({
  to: z.optional(fields.email),
  limit: fields.limit,
});
export const mailboxResponse = z.object({
  items: z.array(
    z.object({
      to: z.string(),
      subject: z.string(),
      text: z.string(),
      links: z.array(z.string()),
      sentAt: z.string(),
    }),
  ),
});
