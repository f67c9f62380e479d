import * as z from 'zod';
import { SEND_STATUSES } from '../domain/delivery/send-record';
import { PLATFORMS } from '../domain/messages/platforms';
import { fields } from './validation';

/** A day means its whole UTC day; a time is normalised to ISO 8601 UTC with milliseconds (the log's keys). */
const bound = (edge: 'start' | 'end') =>
  z
    .union([z.iso.date(), z.iso.datetime({ offset: true })])
    .transform((value) =>
      value.length === 10
        ? `${value}T${edge === 'start' ? '00:00:00.000' : '23:59:59.999'}Z`
        : new Date(value).toISOString(),
    );

export const listDeliveriesQuery = z
  .object({
    status: z.enum(SEND_STATUSES).optional(),
    platform: z.enum(PLATFORMS).optional(),
    from: bound('start').optional(),
    to: bound('end').optional(),
    limit: fields.limit,
    cursor: fields.cursor,
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    message: 'from must not be after to',
    path: ['from'],
  });

export const deliveryAttemptView = z.object({
  attempt: z.number().int(),
  at: z.string(),
  outcome: z.string(),
  providerMessageId: z.string().nullable(),
  error: z
    .object({ code: z.string(), retryable: z.boolean(), providerCode: z.string().nullable() })
    .nullable(),
  explanation: z.string(),
});

export const deliveryView = z.object({
  id: z.string(),
  leadId: z.string().nullable(),
  accountId: z.string().nullable(),
  platform: z.string().nullable(),
  scenarioId: z.string().nullable(),
  interactionKey: z.string(),
  action: z.enum(['reply', 'dm', 'private_reply']),
  text: z.string(),
  status: z.enum(SEND_STATUSES),
  explanation: z.string().nullable(),
  providerMessageId: z.string().nullable(),
  attempts: z.array(deliveryAttemptView),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const deliveryList = z.object({ items: z.array(deliveryView), nextCursor: z.string().nullable() });
