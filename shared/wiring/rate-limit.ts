import { DynamoRateCounter } from '../adapters/dynamo/rate-counter';
import { config } from '../config';
import { RateLimiter } from '../services/rate-limit/rate-limiter';

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
    limiter = new RateLimiter(new DynamoRateCounter(), policy);
    builtFor = signature;
  }
  return limiter;
}
