import { stageTable } from '../adapters/dynamo/client';
import { DynamoRateCounter } from '../adapters/dynamo/rate-counter';
import type { Config } from '../config';
import { RateLimiter } from '../services/rate-limit/rate-limiter';
import { type SubjectBudget, SubjectLimiter } from '../services/rate-limit/subject-limiter';
import { built } from './container';

/** The API's rate limiter, or undefined when RATE_LIMIT_ENABLED=0. */
export function rateLimiter(): RateLimiter | undefined {
  return built(rateLimiter, (c) =>
    c.RATE_LIMIT_ENABLED === '0'
      ? undefined
      : new RateLimiter(new DynamoRateCounter(stageTable), {
          windowSeconds: c.RATE_LIMIT_WINDOW_SECONDS,
          perUser: c.RATE_LIMIT_PER_USER,
          perIp: c.RATE_LIMIT_PER_IP,
          authPerIp: c.RATE_LIMIT_AUTH_PER_IP,
        }),
  );
}

/** A SubjectLimiter for `budget`, or undefined when RATE_LIMIT_ENABLED=0. */
function subjectLimiter(c: Config, budget: SubjectBudget): SubjectLimiter | undefined {
  if (c.RATE_LIMIT_ENABLED === '0') return undefined;
  return new SubjectLimiter(new DynamoRateCounter(stageTable), budget);
}

/** Login attempts per account (on top of the per-IP budget of the API limiter). */
export function loginThrottle(): SubjectLimiter | undefined {
  return built(loginThrottle, (c) =>
    subjectLimiter(c, {
      name: 'login-account',
      limit: c.RATE_LIMIT_LOGIN_PER_ACCOUNT,
      windowSeconds: c.RATE_LIMIT_LOGIN_WINDOW_SECONDS,
    }),
  );
}

/** CSV exports per workspace. */
export function exportLimiter(): SubjectLimiter | undefined {
  return built(exportLimiter, (c) =>
    subjectLimiter(c, {
      name: 'export-ws',
      limit: c.RATE_LIMIT_EXPORT_PER_WORKSPACE,
      windowSeconds: c.RATE_LIMIT_EXPORT_WINDOW_SECONDS,
    }),
  );
}

/** Rejected webhook requests per source IP (see shared/http/webhook-guard.ts). */
export function webhookRejects(): SubjectLimiter | undefined {
  return built(webhookRejects, (c) =>
    subjectLimiter(c, {
      name: 'webhook-reject-ip',
      limit: c.RATE_LIMIT_WEBHOOK_REJECTS_PER_IP,
      windowSeconds: c.RATE_LIMIT_WINDOW_SECONDS,
    }),
  );
}
