import type { SendFailure } from '../../services/social/ports';
import { type GraphErrorBody, mapGraphError } from './graph-errors';

/** A Graph call that failed, with the failure already mapped to one of our states. */
export class GraphApiError extends Error {
  override name = 'GraphApiError';
  constructor(
    readonly failure: SendFailure,
    readonly status: number,
  ) {
    super(`Meta Graph API: ${failure.explanation} (${failure.providerCode ?? status})`);
  }
}

export interface GraphClientOptions {
  /** META_GRAPH_URL, e.g. https://graph.facebook.com */
  baseUrl: string;
  /** META_GRAPH_VERSION, e.g. v25.0; '' for an unversioned path */
  version: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

type Params = Record<string, string | number | undefined>;

/**
 * A small Graph API client over fetch (Meta ships no Node SDK for it). Page and user tokens go in the
 * Authorization header, never in the URL, so they stay out of access logs. It never retries: the caller gets
 * the mapped failure and decides (only `retryable` failures may be retried).
 */
export class GraphClient {
  private readonly fetch: typeof fetch;

  constructor(private readonly options: GraphClientOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  get<T>(path: string, params: Params = {}, accessToken?: string): Promise<T> {
    return this.call<T>('GET', path, params, undefined, accessToken);
  }

  post<T>(path: string, body: unknown, accessToken?: string, params: Params = {}): Promise<T> {
    return this.call<T>('POST', path, params, body, accessToken);
  }

  /** Absolute URL of a Graph path, e.g. /oauth/access_token → https://graph…/v25.0/oauth/access_token. */
  url(path: string, params: Params = {}): URL {
    // An empty version reaches the unversioned paths (graph.instagram.com/access_token, as documented).
    const version = this.options.version ? `/${this.options.version}` : '';
    const url = new URL(`${this.options.baseUrl.replace(/\/$/, '')}${version}${path}`);
    for (const [name, value] of Object.entries(params))
      if (value !== undefined) url.searchParams.set(name, String(value));
    return url;
  }

  private async call<T>(
    method: string,
    path: string,
    params: Params,
    body: unknown,
    accessToken: string | undefined,
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (accessToken) headers.authorization = `Bearer ${accessToken}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await this.fetch(this.url(path, params), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch {
      throw new GraphApiError(
        {
          code: 'provider_unavailable',
          retryable: true,
          retryAfterSeconds: 30,
          explanation: 'Meta could not be reached: retry later',
          providerCode: 'network',
        },
        0,
      );
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      parsed = undefined;
    }
    const error = (parsed as { error?: GraphErrorBody } | undefined)?.error;
    if (!response.ok || error || parsed === undefined)
      throw new GraphApiError(mapGraphError(response.status, error, response.headers), response.status);
    return parsed as T;
  }
}
