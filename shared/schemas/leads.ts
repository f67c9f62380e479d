import * as z from 'zod';
import { LEAD_STATUSES } from '../domain/leads/lead';
import { PLATFORMS } from '../domain/messages/platforms';
import { deliveryView } from './deliveries';
import { fields } from './validation';

const isoDateOrTime = z.union([z.iso.date(), z.iso.datetime()]);
const score = z.coerce.number().int().min(0).max(100);

/** Filters and order shared by GET /leads and GET /leads/export.csv. */
export const leadFilterQuery = z
  .object({
    status: z.enum(LEAD_STATUSES).optional(),
    platform: z.enum(PLATFORMS).optional(),
    minScore: score.optional(),
    maxScore: score.optional(),
    from: isoDateOrTime.optional(),
    to: isoDateOrTime.optional(),
    q: z.string().trim().max(200).optional(),
    sort: z.enum(['lastInteractionAt', 'score']).default('lastInteractionAt'),
    order: z.enum(['asc', 'desc']).default('desc'),
  })
  .refine((q) => q.minScore === undefined || q.maxScore === undefined || q.minScore <= q.maxScore, {
    message: 'minScore must not exceed maxScore',
    path: ['minScore'],
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    message: 'from must not be after to',
    path: ['from'],
  });

export const listLeadsQuery = z.intersection(
  leadFilterQuery,
  z.object({ limit: fields.limit, cursor: fields.cursor }),
);

export type LeadFilterQuery = z.output<typeof leadFilterQuery>;

/** The store's filter from the query string (`q` is the text search). */
export function toLeadFilter(query: LeadFilterQuery) {
  const { q, ...rest } = query;
  return { ...rest, ...(q ? { text: q } : {}) };
}

export const leadIdParams = z.object({ id: fields.id });

export const patchLeadBody = z
  .object({
    status: z.enum(LEAD_STATUSES).optional(),
    notes: z.string().max(10_000).optional(),
    tags: z
      .array(z.string().trim().min(1).max(50))
      .max(50)
      .transform((tags) => [...new Set(tags)])
      .optional(),
  })
  .strict()
  .refine((b) => b.status !== undefined || b.notes !== undefined || b.tags !== undefined, {
    message: 'status, notes or tags is required',
  });

const day = z.iso.date();
export const leadStatsQuery = z.object({ from: day.optional(), to: day.optional() }).transform((q, ctx) => {
  const to = q.to ?? new Date().toISOString().slice(0, 10);
  const from = q.from ?? new Date(Date.parse(to) - 29 * 86_400_000).toISOString().slice(0, 10);
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (days < 0) ctx.addIssue({ code: 'custom', message: 'from must not be after to', path: ['from'] });
  if (days > 366) ctx.addIssue({ code: 'custom', message: 'the range is at most 366 days', path: ['from'] });
  return { from, to };
});

export const leadView = z.object({
  id: z.string(),
  platform: z.enum(PLATFORMS),
  externalUserId: z.string(),
  displayName: z.string().nullable(),
  username: z.string().nullable(),
  status: z.enum(LEAD_STATUSES),
  score: z.number(),
  scoreFactors: z.array(z.object({ factor: z.string(), points: z.number() })),
  /** The model's class (AI lead qualification, Ultra with OpenAI configured; it scores `ai_class_*`). */
  prospectClass: z.enum(['cold', 'warm', 'hot']).nullable(),
  /** Why the model gave that class. */
  prospectReason: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  tags: z.array(z.string()),
  notes: z.string(),
  lastInteractionAt: z.string(),
  createdAt: z.string(),
  /** When the person asked by message for their data to be deleted (null: never); erase with DELETE /leads/{id}. */
  erasureRequestedAt: z.string().nullable(),
});
export const leadList = z.object({ items: z.array(leadView), nextCursor: z.string().nullable() });
export const leadDetail = z.object({
  lead: leadView,
  /** The lead's inbox conversation: GET /conversations/{conversationId}. */
  conversationId: z.string(),
  history: z.array(
    z.object({
      platform: z.string(),
      kind: z.string(),
      direction: z.enum(['inbound', 'outbound']),
      text: z.string(),
      occurredAt: z.string(),
      author: z.string().nullable(),
    }),
  ),
  summary: z.object({ text: z.string(), source: z.enum(['ai', 'rules']) }),
  /** Outgoing messages to this lead, newest first, with every attempt (the delivery log's lead view). */
  deliveries: z.array(deliveryView),
});
export const leadStatsView = z.object({
  from: z.string(),
  to: z.string(),
  total: z.number(),
  byStatus: z.record(z.string(), z.number()),
  byPlatform: z.record(z.string(), z.number()),
  byDay: z.array(z.object({ day: z.string(), count: z.number() })),
});

const records = z.array(z.record(z.string(), z.unknown()));
/** GET /leads/{id}/export: everything Flow IA stores about one contact (GDPR art. 15 and 20), as stored. */
export const contactExport = z.object({
  exportedAt: z.string(),
  workspaceId: z.string(),
  /** The lead as stored, CRM sync state (`crm`) included. */
  lead: z.record(z.string(), z.unknown()),
  interactions: records,
  /** The conversation's thread, both directions, oldest first. */
  messages: records,
  conversation: z.record(z.string(), z.unknown()).nullable(),
  /** Outgoing messages (send records) with their attempts. */
  deliveries: records,
  /** CRM syncs still to be made. */
  crmOutbox: records,
  notifications: records,
  webhookDeliveries: records,
});
