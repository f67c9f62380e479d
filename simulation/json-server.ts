import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The small HTTP plumbing the provider fakes share (self-contained: no test-framework imports, so the local stage
 * can run the fakes as its "simulated world").
 */
export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
  rawBody: string;
}

export interface FakeReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A scripted failure, consumed by the next request that reaches the fake. */
export interface Fault {
  status: number;
  retryAfterSeconds?: number;
}

export async function startJsonServer(
  handle: (request: FakeRequest) => FakeReply | Promise<FakeReply>,
): Promise<{ url: string; stop(): Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    let body: unknown;
    try {
      body = rawBody ? JSON.parse(rawBody) : undefined;
    } catch {
      body = Symbol.for('invalid-json');
    }
    try {
      reply(
        res,
        await handle({
          method: req.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body,
          rawBody,
        }),
      );
    } catch (error) {
      reply(res, { status: 500, body: { error: { message: String(error) } } });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function reply(res: ServerResponse, { status, body, headers }: FakeReply): void {
  const payload = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(payload);
}

export function bearer(headers: IncomingMessage['headers']): string | undefined {
  return headers.authorization?.match(/^Bearer (.+)$/)?.[1];
}

export const invalidJson = (body: unknown) => body === Symbol.for('invalid-json');
