import { SEND_STATUSES } from '../domain/delivery/send-record';
import { PLATFORMS } from '../domain/messages/platforms';
import { fields } from './validation';
import * as z from './zod';

/** A day means its whole UTC day; a time is normalised to ISO 8601 UTC with milliseconds (the log's keys). */
const bound = (edge: 'start' | 'end') =>
  z.pipe(
    z.union([z.iso.date(), z.iso.datetime({ offset: true })]),
    z.transform((value) =>
      value.length === 10
        ? `${value}T${edge === 'start' ? '00:00:00.000' : '23:59:59.999'}Z`
        : new Date(value).toISOString(),
    ),
  );

export const listDeliveriesQuery = z
  .object({
    status: z.optional(z.enum(SEND_STATUSES)),
    platform: z.optional(z.enum(PLATFORMS)),
    from: z.optional(bound('start')),
    to: z.optional(bound('end')),
    limit: fields.limit,
    cursor: fields.cursor,
  })
  .check(
    z.refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
      message: 'from must not be after to',
      path: ['from'],
    }),
  );

export const deliveryAttemptView = z.object({
  attempt: z.number().check(z.int()),
  at: z.string(),
  outcome: z.string(),
  providerMessageId: z.nullable(z.string()),
  error: z.nullable(
    z.object({ code: z.string(), retryable: z.boolean(), providerCode: z.nullable(z.string()) }),
  ),
  explanation: z.string(),
});

export const deliveryView = z.object({
  id: z.string(),
  leadId: z.nullable(z.string()),
  accountId: z.nullable(z.string()),
  platform: z.nullable(z.string()),
  scenarioId: z.nullable(z.string()),
  interactionKey: z.string(),
  action: z.enum(['reply', 'dm', 'private_reply']),
  text: z.string(),
  status: z.enum(SEND_STATUSES),
  explanation: z.nullable(z.string()),
  providerMessageId: z.nullable(z.string()),
  attempts: z.array(deliveryAttemptView),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const deliveryList = z.object({ items: z.array(deliveryView), nextCursor: z.nullable(z.string()) });
