import * as z from 'zod';
import { WEBHOOK_EVENT_TYPES } from '../domain/webhooks/events';
import { fields } from './validation';

const events = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .min(1)
  .max(WEBHOOK_EVENT_TYPES.length)
  .refine((list) => new Set(list).size === list.length, 'must not repeat an event');
const url = z
  .string()
  .trim()
  .min(1)
  .max(2048)
  .describe('https:// only (the local stage also allows loopback)');
const description = z.string().trim().max(200).nullable();

export const createEndpointBody = z.object({ url, events, description: description.default(null) }).strict();

export const updateEndpointBody = z
  .object({
    url: url.optional(),
    events: events.optional(),
    description: description.optional(),
    active: z.boolean().optional(),
  })
  .strict()
  .refine(
    (body) => Object.values(body).some((value) => value !== undefined),
    'at least one field is required',
  );

export const endpointParams = z.object({ id: fields.id });
export const deliveryParams = z.object({ id: fields.id });

export const listDeliveriesQuery = z.object({
  endpointId: z.optional(fields.id),
  status: z.enum(['pending', 'delivered', 'failed']).optional(),
  limit: fields.limit,
  cursor: fields.cursor,
});

export const endpointView = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
  description: z.string().nullable(),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const createdEndpoint = endpointView.extend({
  secret: z.string().describe('whsec_…: signs every delivery (Flowia-Signature); shown in this answer only'),
});
export const endpointList = z.object({ items: z.array(endpointView), nextCursor: z.null() });

export const deliveryView = z.object({
  id: z.string(),
  endpointId: z.string(),
  eventId: z.string(),
  eventType: z.enum(WEBHOOK_EVENT_TYPES),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.array(
    z.object({
      at: z.string(),
      status: z.number().nullable(),
      error: z.string().nullable(),
      durationMs: z.number(),
      responseBody: z.string().nullable(),
    }),
  ),
  nextAttemptAt: z.string().nullable(),
  retryUntil: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  event: z.object({
    id: z.string(),
    type: z.enum(WEBHOOK_EVENT_TYPES),
    createdAt: z.string(),
    workspaceId: z.string(),
    data: z.record(z.string(), z.unknown()),
  }),
});
export const deliveryList = z.object({ items: z.array(deliveryView), nextCursor: z.string().nullable() });

export type CreateEndpointBody = z.output<typeof createEndpointBody>;
export type UpdateEndpointBody = z.output<typeof updateEndpointBody>;
