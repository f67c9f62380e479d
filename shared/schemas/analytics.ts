import * as z from 'zod';
import { DAY, FUNNEL_COUNTERS, isDay, MAX_RANGE_DAYS, rangeProblem } from '../domain/analytics/funnel';

const day = (edge: 'first' | 'last') =>
  z
    .string()
    .regex(DAY, { message: 'must be a calendar day, YYYY-MM-DD', abort: true })
    .refine(isDay, 'must be a calendar day, YYYY-MM-DD')
    .describe(`the ${edge} day of the range (UTC, included)`);

/** The range of GET /analytics/*: days, both included, at most MAX_RANGE_DAYS; 30 days ending today by default. */
export const analyticsQuery = z
  .object({ from: day('first').optional(), to: day('last').optional() })
  .superRefine((query, context) => {
    if (query.from === undefined || query.to === undefined) return;
    if (!isDay(query.from) || !isDay(query.to)) return;
    const problem = rangeProblem(query.from, query.to);
    if (problem) context.addIssue({ code: 'custom', path: [problem.path], message: problem.message });
  })
  .describe(`a date range of at most ${MAX_RANGE_DAYS} days`);

const counts = Object.fromEntries(
  FUNNEL_COUNTERS.map((counter) => [counter, z.number().int().nonnegative()]),
) as Record<(typeof FUNNEL_COUNTERS)[number], z.ZodNumber>;

const range = {
  from: z.string().describe('first day read (UTC)'),
  to: z.string().describe('last day read (UTC, included)'),
};

export const scenarioFunnel = z.object({
  scenarioId: z.string(),
  name: z.string().nullable().describe('null once the scenario was deleted'),
  ...counts,
  variants: z
    .array(
      z.object({
        variantId: z.string(),
        weight: z.number().nullable().describe("the version's share now; null once it was removed"),
        ...counts,
      }),
    )
    .describe("each A/B version's funnel (empty without an A/B test)"),
});

export const scenarioAnalytics = z
  .object({ ...range, items: z.array(scenarioFunnel) })
  .describe(
    'per scenario: triggered (matched and decided), repliedPublicly, sent (DMs), delivered, read, answered, contactCaptured (phone or email given), won; each counted once, on the day the scenario was triggered',
  );

export const postAnalytics = z
  .object({ ...range, items: z.array(z.object({ mediaId: z.string(), ...counts })) })
  .describe('the same funnel per post (media id), for the comments scenarios answered on it');
