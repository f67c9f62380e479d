import { TikTokApiError, type TikTokErrorKind } from './ports';

/** The fetch plumbing both TikTok adapters share: a timeout, and network failures as TikTokApiError. */
export async function call(fetchFn: typeof fetch, url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetchFn(url, { ...init, signal: AbortSignal.timeout(10_000) });
  } catch {
    throw new TikTokApiError('unavailable', 'network', 'TikTok could not be reached.', 0);
  }
}

export function classifyStatus(status: number): TikTokErrorKind {
  if (status === 401) return 'auth';
  if (status === 403) return 'permission';
  if (status === 429) return 'rate_limited';
  if (status >= 400 && status < 500) return 'invalid_request';
  return 'unavailable';
}

export function retryAfter(response: Response): number | undefined {
  const value = Number(response.headers.get('retry-after'));
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

export async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return {};
  }
}

/** TikTok ids and times arrive as strings or numbers depending on the endpoint (and its docs' version). */
export const text = (value: unknown): string | null =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;

export const count = (value: unknown): number | null => {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
};
