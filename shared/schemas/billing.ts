import * as z from 'zod';
import { PLAN_IDS } from '../domain/plans/catalog';

export const checkoutBody = z.object({ plan: z.enum(['premium', 'ultra']) });
export const redirectUrlResponse = z.object({ url: z.string() });

export const usageResponse = z.object({
  plan: z.enum(PLAN_IDS),
  /** null: unlimited. */
  dmLimitPerDay: z.number().int().nullable(),
  dmSentToday: z.number().int(),
  /** ISO 8601 UTC instant of the next local midnight in the workspace's time zone. */
  resetsAt: z.string(),
});

export const planView = z.object({
  id: z.enum(PLAN_IDS),
  name: z.string(),
  price: z
    .object({ amountMinor: z.number().int(), currency: z.literal('EUR'), interval: z.literal('month') })
    .nullable(),
  dmPerDay: z.number().int().nullable(),
  features: z.object({ aiReplies: z.boolean(), crmSync: z.boolean(), linkedinAutomation: z.boolean() }),
});
export const plansResponse = z.object({ items: z.array(planView) });

export const webhookResponse = z.object({
  received: z.literal(true),
  duplicate: z.boolean(),
  outcome: z.string(),
});
