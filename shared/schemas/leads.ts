import { LEAD_STATUSES } from '../domain/leads/lead';
import { PLATFORMS } from '../domain/messages/platforms';
import { deliveryView } from './deliveries';
import { pageQuery } from './params';
import * as z from './zod';

const isoDateOrTime = z.union([z.iso.date(), z.iso.datetime()]);
const score = z.coerce.number().check(z.int(), z.gte(0), z.lte(100));

/** Filters and order shared by GET /leads and GET /leads/export.csv. */
export const leadFilterQuery = z
  .object({
    status: z.optional(z.enum(LEAD_STATUSES)),
    platform: z.optional(z.enum(PLATFORMS)),
    minScore: z.optional(score),
    maxScore: z.optional(score),
    from: z.optional(isoDateOrTime),
    to: z.optional(isoDateOrTime),
    q: z.optional(z.string().check(z.trim(), z.maxLength(200))),
    sort: z._default(z.enum(['lastInteractionAt', 'score']), 'lastInteractionAt'),
    order: z._default(z.enum(['asc', 'desc']), 'desc'),
  })
  .check(
    z.refine((q) => q.minScore === undefined || q.maxScore === undefined || q.minScore <= q.maxScore, {
      message: 'minScore must not exceed maxScore',
      path: ['minScore'],
    }),
    z.refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
      message: 'from must not be after to',
      path: ['from'],
    }),
  );

export const listLeadsQuery = z.intersection(leadFilterQuery, pageQuery);

export type LeadFilterQuery = z.output<typeof leadFilterQuery>;

/** The store's filter from the query string (`q` is the text search). */
export function toLeadFilter(query: LeadFilterQuery) {
  const { q, ...rest } = query;
  return { ...rest, ...(q ? { text: q } : {}) };
}

export const patchLeadBody = z
  .strictObject({
    status: z.optional(z.enum(LEAD_STATUSES)),
    notes: z.optional(z.string().check(z.maxLength(10_000))),
    tags: z.optional(
      z.pipe(
        z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(50))).check(z.maxLength(50)),
        z.transform((tags) => [...new Set(tags)]),
      ),
    ),
  })
  .check(
    z.refine((b) => b.status !== undefined || b.notes !== undefined || b.tags !== undefined, {
      message: 'status, notes or tags is required',
    }),
  );

const day = z.iso.date();
export const leadStatsQuery = z.pipe(
  z.object({ from: z.optional(day), to: z.optional(day) }),
  z.transform((q, ctx) => {
    const to = q.to ?? new Date().toISOString().slice(0, 10);
    const from = q.from ?? new Date(Date.parse(to) - 29 * 86_400_000).toISOString().slice(0, 10);
    const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
    // zod/mini's transform context has no `addIssue`: the issue goes onto the payload, as classic's addIssue did.
    if (days < 0)
      ctx.issues.push({ code: 'custom', message: 'from must not be after to', path: ['from'], input: q });
    if (days > 366)
      ctx.issues.push({ code: 'custom', message: 'the range is at most 366 days', path: ['from'], input: q });
    return { from, to };
  }),
);

export const leadView = z.object({
  id: z.string(),
  platform: z.enum(PLATFORMS),
  externalUserId: z.string(),
  displayName: z.nullable(z.string()),
  username: z.nullable(z.string()),
  status: z.enum(LEAD_STATUSES),
  score: z.number(),
  scoreFactors: z.array(z.object({ factor: z.string(), points: z.number() })),
  /** The model's class (AI lead qualification, Ultra with OpenAI configured; it scores `ai_class_*`). */
  prospectClass: z.nullable(z.enum(['cold', 'warm', 'hot'])),
  /** Why the model gave that class. */
  prospectReason: z.nullable(z.string()),
  phone: z.nullable(z.string()),
  email: z.nullable(z.string()),
  tags: z.array(z.string()),
  notes: z.string(),
  lastInteractionAt: z.string(),
  createdAt: z.string(),
  /** When the person asked by message for their data to be deleted (null: never); erase with DELETE /leads/{id}. */
  erasureRequestedAt: z.nullable(z.string()),
});
export const leadList = z.object({ items: z.array(leadView), nextCursor: z.nullable(z.string()) });
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
      author: z.nullable(z.string()),
    }),
  ),
  /** Outgoing messages to this lead, newest first, with every attempt (the delivery log's lead view). */
  deliveries: z.array(deliveryView),
});
/** GET /leads/{id}/summary: the conversation in 2 to 4 sentences, by the model on plans with AI, else the rules. */
export const leadSummaryView = z.object({
  summary: z.object({ text: z.string(), source: z.enum(['ai', 'rules']) }),
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
  conversation: z.nullable(z.record(z.string(), z.unknown())),
  /** Outgoing messages (send records) with their attempts. */
  deliveries: records,
  /** CRM syncs still to be made. */
  crmOutbox: records,
  notifications: records,
  webhookDeliveries: records,
});
