import { PLAN_IDS } from '../domain/plans/catalog';
import * as z from './zod';

export const checkoutBody = z.object({ plan: z.enum(['premium', 'ultra']) });
export const redirectUrlResponse = z.object({ url: z.string() });

export const usageResponse = z.object({
  plan: z.enum(PLAN_IDS),
  /** null: unlimited. */
  dmLimitPerDay: z.nullable(z.number().check(z.int())),
  dmSentToday: z.number().check(z.int()),
  /** ISO 8601 UTC instant of the next local midnight in the workspace's time zone. */
  resetsAt: z.string(),
  /** This calendar month's (UTC) OpenAI spend against the plan's AI budget. */
  ai: z.object({
    tokensPerMonth: z.number().check(z.int()),
    /** Prompt + completion tokens OpenAI reported for this month's calls. */
    tokensUsed: z.number().check(z.int()),
    promptTokens: z.number().check(z.int()),
    completionTokens: z.number().check(z.int()),
    /** Model calls that answered (cache hits and rule answers are not calls). */
    calls: z.number().check(z.int()),
    /**
     * Tokens still free (calls in flight hold theirs). A model call first sets aside the most it can cost
     * (its prompt plus its answer cap, about 1,000–3,000 tokens): once that does not fit, the rule engine
     * answers until `resetsAt`.
     */
    tokensLeft: z.number().check(z.int()),
    /** ISO 8601 UTC start of the next month. */
    resetsAt: z.string(),
  }),
});

export const planView = z.object({
  id: z.enum(PLAN_IDS),
  name: z.string(),
  price: z.nullable(
    z.object({
      amountMinor: z.number().check(z.int()),
      currency: z.literal('EUR'),
      interval: z.literal('month'),
    }),
  ),
  dmPerDay: z.nullable(z.number().check(z.int())),
  /** OpenAI tokens a month (0: no AI-written replies). */
  aiTokensPerMonth: z.number().check(z.int()),
  features: z.object({
    aiReplies: z.boolean(),
    crmSync: z.boolean(),
    linkedinAutomation: z.boolean(),
    aiLeadQualification: z.boolean(),
  }),
});
export const plansResponse = z.object({ items: z.array(planView) });

export const webhookResponse = z.object({
  received: z.literal(true),
  duplicate: z.boolean(),
  outcome: z.string(),
});
