import type { ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { LOCAL_PRELUDE, type ResponsePrelude } from '../../shared/http/lambda-streaming';

/**
 * What a streaming Lambda writes to, bound to a Node HTTP response with the function URL's semantics: the
 * prelude (status, headers) set through awslambda.HttpResponseStream.from, 200 application/octet-stream when
 * none was set, body bytes sent as written, backpressure passed through (a write waits for the socket to drain),
 * and the stream destroyed when the client goes away so the handler stops producing.
 */
export class LocalResponseStream extends Writable {
  private prelude: ResponsePrelude | undefined;

  constructor(private readonly response: ServerResponse) {
    super();
    response.on('close', () => {
      if (!response.writableFinished) this.destroy();
    });
  }

  [LOCAL_PRELUDE](prelude: ResponsePrelude): void {
    if (!this.response.headersSent) this.prelude = prelude;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.writeHead();
    if (this.response.write(chunk)) callback();
    else this.response.once('drain', () => callback());
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.writeHead();
    this.response.end(() => callback());
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.response.writableEnded) this.response.destroy();
    callback(error);
  }

  private writeHead(): void {
    if (this.response.headersSent) return;
    const prelude = this.prelude ?? {
      statusCode: 200,
      headers: { 'content-type': 'application/octet-stream' },
    };
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(prelude.headers ?? {})) headers[name.toLowerCase()] = value;
    if (prelude.cookies?.length) headers['set-cookie'] = prelude.cookies;
    this.response.writeHead(prelude.statusCode, headers);
  }
}
