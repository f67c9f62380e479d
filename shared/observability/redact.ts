/**
 * Secrets never reach a log line or a trace: any key that names a secret has its value replaced, at any depth.
 * Kept pure so the logger, the workflow trace and the HTTP error mapper share one definition of "secret".
 */
const SECRET_KEY =
  /pass(word)?|secret|token|authorization|cookie|api[-_]?key|signature|li_at|^code$|credential|ciphertext/i;
export const REDACTED = '[redacted]';

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

export function redact<T>(value: T, depth = 0): T {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    out[key] =
      isSecretKey(key) && inner !== null && inner !== undefined ? REDACTED : redact(inner, depth + 1);
  }
  return out as T;
}
