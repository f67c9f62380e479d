/**
 * Secrets never reach a log line or a trace: any key that names a secret has its value replaced, at any depth,
 * and strings are scrubbed of the secret shapes that travel inside text (cookies, bearer tokens, OAuth query
 * parameters in URLs). Kept pure so the logger, the workflow trace and the HTTP error mapper share one definition
 * of "secret".
 */
const SECRET_KEY = new RegExp(
  [
    'pass(word|phrase)?',
    'secret',
    'token',
    'authorization',
    'cookie', // cookie, cookies, set-cookie
    'api[-_]?key',
    '^key$',
    'private[-_]?key',
    'wrapped[-_]?key',
    'data[-_]?key',
    'signature',
    'signed[-_]?request',
    'li[-_]?at', // LinkedIn session cookie: li_at, liAt
    'jsessionid',
    'credential',
    'ciphertext',
    'verifier', // PKCE code verifier
    'bearer',
  ].join('|'),
  'i',
);
/**
 * Keys that are secret inside a request's query, form or parameters (the OAuth `code` and `state`), but are
 * ordinary elsewhere: an error's `code` must stay readable.
 */
const SECRET_INPUT_KEY = /^(code|state)$/i;
const INPUT_CONTAINER = /^(query|querystringparameters|searchparams|params|form)$/i;
/** Deeper than this, values are cut rather than passed through unredacted. */
const MAX_DEPTH = 8;

const REDACTED = '[redacted]';
const TRUNCATED = '[truncated]';

function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

const SECRET_TEXT: Array<[RegExp, string]> = [
  [/\b(li_at|liAt|JSESSIONID|jsessionid)=("?)[^;\s"',&]+/g, `$1=$2${REDACTED}`],
  [/\bBearer\s+[A-Za-z0-9._~+/=-]+/g, `Bearer ${REDACTED}`],
  [
    /([?&#](?:code|state|access_token|refresh_token|id_token|client_secret|token|signed_request|key)=)[^&#\s"']+/gi,
    `$1${REDACTED}`,
  ],
];

/** Replaces secret shapes inside free text (messages, stacks, URLs). */
export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_TEXT) out = out.replace(pattern, replacement);
  return out;
}

export function redact<T>(value: T, depth = 0, parentKey = ''): T {
  if (typeof value === 'string') return redactText(value) as T;
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) return TRUNCATED as T;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1, parentKey)) as T;
  const source = value instanceof Error ? errorFields(value) : (value as Record<string, unknown>);
  const inputContainer = INPUT_CONTAINER.test(parentKey);
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(source)) {
    const secret = isSecretKey(key) || (inputContainer && SECRET_INPUT_KEY.test(key));
    out[key] = secret && inner !== null && inner !== undefined ? REDACTED : redact(inner, depth + 1, key);
  }
  return out as T;
}

/**
 * An Error's own enumerable properties hold none of name, message and stack (they would log as `{}`): copy those
 * first, then `code` and whatever else the error carries (status, details, cause).
 */
function errorFields(error: Error): Record<string, unknown> {
  const fields: Record<string, unknown> = { name: error.name, message: error.message };
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') fields.code = code;
  if (error.stack) fields.stack = error.stack;
  for (const [key, inner] of Object.entries(error)) if (!(key in fields)) fields[key] = inner;
  if (error.cause !== undefined && !('cause' in fields)) fields.cause = error.cause;
  return fields;
}
