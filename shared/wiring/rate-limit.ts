import { stageTable } from '../adapters/dynamo/client';
import { DynamoRateCounter } from '../adapters/dynamo/rate-counter';
import { config } from '../config';
import { RateLimiter } from '../services/rate-limit/rate-limiter';
import { type SubjectBudget, SubjectLimiter } from '../services/rate-limit/subject-limiter';

let limiter: RateLimiter | undefined;
let builtFor: string | undefined;

/** The API's rate limiter, or undefined when RATE_LIMIT_ENABLED=0. Rebuilt if the configuration changed. */
export function rateLimiter(): RateLimiter | undefined {
  const c = config();
  if (c.RATE_LIMIT_ENABLED === '0') return undefined;
  const policy = {
    windowSeconds: c.RATE_LIMIT_WINDOW_SECONDS,
    perUser: c.RATE_LIMIT_PER_USER,
    perIp: c.RATE_LIMIT_PER_IP,
    authPerIp: c.RATE_LIMIT_AUTH_PER_IP,
  };
  const signature = JSON.stringify(policy);
  if (!limiter || builtFor !== signature) {
    limiter = new RateLimiter(new DynamoRateCounter(stageTable), policy);
    builtFor = signature;
  }
  return limiter;
}

const subjectLimiters = new Map<string, { signature: string; limiter: SubjectLimiter }>();

/** A SubjectLimiter for `budget`, or undefined when RATE_LIMIT_ENABLED=0. Rebuilt if the budget changed. */
function subjectLimiter(budget: SubjectBudget): SubjectLimiter | undefined {
  if (config().RATE_LIMIT_ENABLED === '0') return undefined;
  const signature = JSON.stringify(budget);
  const cached = subjectLimiters.get(budget.name);
  if (cached?.signature === signature) return cached.limiter;
  const limiter = new SubjectLimiter(new DynamoRateCounter(stageTable), budget);
  subjectLimiters.set(budget.name, { signature, limiter });
  return limiter;
}

/** Login attempts per account (on top of the per-IP budget of the API limiter). */
export const loginThrottle = () =>
  subjectLimiter({
    name: 'login-account',
    limit: config().RATE_LIMIT_LOGIN_PER_ACCOUNT,
    windowSeconds: config().RATE_LIMIT_LOGIN_WINDOW_SECONDS,
  });

/** CSV exports per workspace. */
export const exportLimiter = () =>
  subjectLimiter({
    name: 'export-ws',
    limit: config().RATE_LIMIT_EXPORT_PER_WORKSPACE,
    windowSeconds: config().RATE_LIMIT_EXPORT_WINDOW_SECONDS,
  });

/** Rejected webhook requests per source IP (see shared/http/webhook-guard.ts). */
export const webhookRejects = () =>
  subjectLimiter({
    name: 'webhook-reject-ip',
    limit: config().RATE_LIMIT_WEBHOOK_REJECTS_PER_IP,
    windowSeconds: config().RATE_LIMIT_WINDOW_SECONDS,
  });
