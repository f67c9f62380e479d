import { DAY, FUNNEL_COUNTERS, isDay, MAX_RANGE_DAYS, rangeProblem } from '../domain/analytics/funnel';
import * as z from './zod';

const day = (edge: 'first' | 'last') =>
  z
    .string()
    .check(
      z.regex(DAY, { message: 'must be a calendar day, YYYY-MM-DD', abort: true }),
      z.refine(isDay, 'must be a calendar day, YYYY-MM-DD'),
      z.describe(`the ${edge} day of the range (UTC, included)`),
    );

/** The range of GET /analytics/*: days, both included, at most MAX_RANGE_DAYS; 30 days ending today by default. */
export const analyticsQuery = z.object({ from: z.optional(day('first')), to: z.optional(day('last')) }).check(
  z.superRefine((query, context) => {
    if (query.from === undefined || query.to === undefined) return;
    if (!isDay(query.from) || !isDay(query.to)) return;
    const problem = rangeProblem(query.from, query.to);
    if (problem) context.addIssue({ code: 'custom', path: [problem.path], message: problem.message });
  }),
  z.describe(`a date range of at most ${MAX_RANGE_DAYS} days`),
);

const counts = Object.fromEntries(
  FUNNEL_COUNTERS.map((counter) => [counter, z.number().check(z.int(), z.nonnegative())]),
) as Record<(typeof FUNNEL_COUNTERS)[number], z.ZodMiniNumber>;

const range = {
  from: z.string().check(z.describe('first day read (UTC)')),
  to: z.string().check(z.describe('last day read (UTC, included)')),
};

export const scenarioFunnel = z.object({
  scenarioId: z.string(),
  name: z.nullable(z.string()).check(z.describe('null once the scenario was deleted')),
  ...counts,
  variants: z
    .array(
      z.object({
        variantId: z.string(),
        weight: z.nullable(z.number()).check(z.describe("the version's share now; null once it was removed")),
        ...counts,
      }),
    )
    .check(z.describe("each A/B version's funnel (empty without an A/B test)")),
});

export const scenarioAnalytics = z
  .object({ ...range, items: z.array(scenarioFunnel) })
  .check(
    z.describe(
      'per scenario: triggered (matched and decided), repliedPublicly, sent (DMs), delivered, read, answered, contactCaptured (phone or email given), won; each counted once, on the day the scenario was triggered',
    ),
  );

export const postAnalytics = z
  .object({ ...range, items: z.array(z.object({ mediaId: z.string(), ...counts })) })
  .check(z.describe('the same funnel per post (media id), for the comments scenarios answered on it'));
