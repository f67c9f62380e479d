import { WEBHOOK_EVENT_TYPES } from '../domain/webhooks/events';
import { fields } from './validation';
import * as z from './zod';

const events = z.array(z.enum(WEBHOOK_EVENT_TYPES)).check(
  z.minLength(1),
  z.maxLength(WEBHOOK_EVENT_TYPES.length),
  z.refine((list) => new Set(list).size === list.length, 'must not repeat an event'),
);
const url = z
  .string()
  .check(
    z.trim(),
    z.minLength(1),
    z.maxLength(2048),
    z.describe('https:// only (the local stage also allows loopback)'),
  );
const description = z.nullable(z.string().check(z.trim(), z.maxLength(200)));

export const createEndpointBody = z.strictObject({ url, events, description: z._default(description, null) });

export const updateEndpointBody = z
  .strictObject({
    url: z.optional(url),
    events: z.optional(events),
    description: z.optional(description),
    active: z.optional(z.boolean()),
  })
  .check(
    z.refine(
      (body) => Object.values(body).some((value) => value !== undefined),
      'at least one field is required',
    ),
  );

export const listDeliveriesQuery = z.object({
  endpointId: z.optional(fields.id),
  status: z.optional(z.enum(['pending', 'delivered', 'failed'])),
  limit: fields.limit,
  cursor: fields.cursor,
});

export const endpointView = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
  description: z.nullable(z.string()),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const createdEndpoint = z.extend(endpointView, {
  secret: z
    .string()
    .check(z.describe('whsec_…: signs every delivery (Flowia-Signature); shown in this answer only')),
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
      status: z.nullable(z.number()),
      error: z.nullable(z.string()),
      durationMs: z.number(),
      responseBody: z.nullable(z.string()),
    }),
  ),
  nextAttemptAt: z.nullable(z.string()),
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
export const deliveryList = z.object({ items: z.array(deliveryView), nextCursor: z.nullable(z.string()) });

export type CreateEndpointBody = z.output<typeof createEndpointBody>;
export type UpdateEndpointBody = z.output<typeof updateEndpointBody>;
