import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { addressVerdict } from '../../domain/webhooks/address-guard';
import type { TransportResult, WebhookTransport } from '../../services/webhooks/ports';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Name → every address it resolves to (injectable, so the guard is tested with a fake resolver). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

const systemResolver: Resolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

export interface WebhookTransportOptions {
  /** The local stage's WEBHOOKS_ALLOW_LOOPBACK: 127.0.0.0/8 and ::1 become reachable, nothing else. */
  allowLoopback: boolean;
  timeoutMs: number;
  resolve?: Resolver;
  now?: () => number;
}

const MAX_RESPONSE_CHARS = 256;

/**
 * The destination check, before any byte leaves: the host's addresses (the literal, or every address DNS gives
 * for the name) must all be allowed by the address guard; one forbidden address refuses the delivery (a name
 * resolving to both a public and a private address is an attack, not a misconfiguration). The address returned
 * is the one the connection will use.
 */
export async function checkDestination(
  url: URL,
  options: Pick<WebhookTransportOptions, 'allowLoopback' | 'resolve'>,
): Promise<{ ok: true; address: ResolvedAddress } | { ok: false; error: string; retryable: boolean }> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: ResolvedAddress[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) === 6 ? 6 : 4 }];
  else {
    try {
      addresses = await (options.resolve ?? systemResolver)(host);
    } catch (error) {
      // DNS can fail for a while: retried like a connection error.
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      return { ok: false, error: `the host name did not resolve (${code})`, retryable: true };
    }
  }
  if (addresses.length === 0) return { ok: false, error: 'the host name has no address', retryable: true };
  for (const candidate of addresses) {
    const verdict = addressVerdict(candidate.address, { allowLoopback: options.allowLoopback });
    if (!verdict.ok)
      return { ok: false, error: `refused: ${host} resolves to ${verdict.reason}`, retryable: false };
  }
  return { ok: true, address: addresses[0] as ResolvedAddress };
}

/**
 * POSTs a webhook through the SSRF guard. The connection is pinned to the address that was checked (a `lookup`
 * that answers only that address), so a DNS answer that changes between the check and the connect (DNS
 * rebinding) cannot redirect it; TLS still verifies the certificate against the host name (SNI and identity
 * come from the URL). Redirects are never followed (Node's http client does not follow them; a 3xx is a failed
 * attempt). The answer is read up to a few hundred characters and the socket closed.
 */
export class GuardedWebhookTransport implements WebhookTransport {
  private readonly now: () => number;

  constructor(private readonly options: WebhookTransportOptions) {
    this.now = options.now ?? Date.now;
  }

  async post(rawUrl: string, headers: Record<string, string>, body: string): Promise<TransportResult> {
    const started = this.now();
    const elapsed = () => this.now() - started;
    const url = new URL(rawUrl);
    const destination = await checkDestination(url, this.options);
    if (!destination.ok)
      return {
        kind: destination.retryable ? 'failed' : 'refused',
        error: destination.error,
        durationMs: elapsed(),
      };
    const pinned = destination.address;
    const lookup: LookupFunction = (_hostname, lookupOptions, callback) => {
      if (lookupOptions.all) callback(null, [pinned]);
      else callback(null, pinned.address, pinned.family);
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<TransportResult>((resolve) => {
      let settled = false;
      const finish = (result: TransportResult) => {
        if (settled) return;
        settled = true;
        resolve(result);
      };
      const req = send(
        url,
        {
          method: 'POST',
          lookup,
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          timeout: this.options.timeoutMs,
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
            if (text.length >= MAX_RESPONSE_CHARS) res.destroy();
          });
          const done = () =>
            finish({
              kind: 'answered',
              status: res.statusCode ?? 0,
              responseBody: text.slice(0, MAX_RESPONSE_CHARS),
              durationMs: elapsed(),
            });
          res.on('end', done);
          res.on('close', done);
          res.on('error', done);
        },
      );
      req.on('timeout', () => {
        finish({
          kind: 'failed',
          error: `no answer within ${this.options.timeoutMs} ms`,
          durationMs: elapsed(),
        });
        req.destroy();
      });
      req.on('error', (error: NodeJS.ErrnoException) =>
        finish({
          kind: 'failed',
          error: `connection failed (${error.code ?? error.message})`,
          durationMs: elapsed(),
        }),
      );
      req.end(body);
    });
  }
}
