/**
 * Reads a Retry-After header (seconds, or an HTTP date) from a fetch Headers object or a plain header map.
 * Undefined when absent or unreadable, so callers fall back to their own backoff.
 */
export function retryAfterMs(headers: unknown, now = Date.now()): number | undefined {
  let value: string | null | undefined;
  if (headers && typeof (headers as Headers).get === 'function')
    value = (headers as Headers).get('retry-after');
  else if (headers && typeof headers === 'object') {
    const entry = Object.entries(headers).find(([name]) => name.toLowerCase() === 'retry-after');
    value = entry ? String(entry[1]) : undefined;
  }
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
