/**
 * When to try a failed model call again, and how long to wait: the server's hint first (`retry-after-ms`, then
 * `retry-after` in seconds or as an HTTP date, then `x-ratelimit-reset-requests` such as "1s" or "6m0s"),
 * else exponential backoff with full jitter. Pure, so the rules are unit-tested without a server.
 */
export const BASE_DELAY_MS = 500;
export const MAX_DELAY_MS = 8_000;

/** "6m0s", "1.5s", "20ms", "1h2m" (Go durations, as OpenAI sends in x-ratelimit-reset-*) → ms. */
export function parseGoDuration(value: string): number | undefined {
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== value.trim()) return undefined;
  const unit: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };
  return Math.round(parts.reduce((sum, [, amount, u]) => sum + Number(amount) * unit[u!]!, 0));
}

/**
 * The server's requested wait in ms, or undefined when it gave none (or nonsense). The rate-limit window reset
 * is a hint only for a 429 (`rateLimited`): on a 5xx it says nothing about when the server recovers.
 */
export function retryHintMs(
  headers: Headers | undefined,
  now: number,
  rateLimited: boolean,
): number | undefined {
  if (!headers) return undefined;
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return Math.round(ms);
  const after = headers.get('retry-after');
  if (after) {
    const seconds = Number.parseFloat(after);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
    const date = Date.parse(after);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  const reset = rateLimited ? headers.get('x-ratelimit-reset-requests') : null;
  return reset ? parseGoDuration(reset) : undefined;
}

/** Backoff when the server gave no hint: 500 ms · 2^(attempt−1), full jitter, capped. */
export function backoffMs(attempt: number, random: () => number): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
  return Math.round(ceiling * (0.5 + random() / 2));
}
