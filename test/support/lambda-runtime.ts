import { once } from 'node:events';
import { Writable } from 'node:stream';

/**
 * A stand-in of what the Lambda Node runtime puts in the global `awslambda` for response streaming, written from
 * the runtime interface client (https://github.com/aws/aws-lambda-nodejs-runtime-interface-client, src/
 * HttpResponseStream.js and src/StreamingContext.js): `streamifyResponse` tags the handler with the
 * `aws.lambda.runtime.handler.streaming` symbol; `HttpResponseStream.from` sets the content type
 * application/vnd.awslambda.http-integration-response and, before the first body byte, writes the prelude as JSON
 * followed by 8 NUL bytes. The runtime's response stream exposes `setContentType` and calls `_onBeforeFirstWrite`.
 * Import this module before any project module, so the local shim (shared/http/lambda-streaming.ts) stays out.
 */
export const STREAMING_SYMBOL = Symbol.for('aws.lambda.runtime.handler.streaming');
export const PRELUDE_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';
(globalThis as Record<string, unknown>).awslambda = {
  streamifyResponse(handler: Record<symbol, unknown>) {
    handler[STREAMING_SYMBOL] = 'response';
    return handler;
  },
  HttpResponseStream: {
    from(stream: RuntimeResponseStream, prelude: unknown) {
      stream.setContentType(PRELUDE_CONTENT_TYPE);
      stream._onBeforeFirstWrite = (write) => {
        write(JSON.stringify(prelude));
        write(Buffer.alloc(8));
      };
      return stream;
    },
  },
};

/** The runtime's response stream as far as a handler can tell: a Writable with a content type and a first-write hook. */
export class RuntimeResponseStream extends Writable {
  contentType = 'application/octet-stream';
  readonly chunks: Buffer[] = [];
  _onBeforeFirstWrite: ((write: (chunk: string | Buffer) => void) => void) | undefined;
  private started = false;

  setContentType(type: string) {
    if (this.started) throw new Error('setContentType after the first write');
    this.contentType = type;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void) {
    if (!this.started) {
      this.started = true;
      this._onBeforeFirstWrite?.((first) => this.chunks.push(Buffer.from(first)));
    }
    this.chunks.push(chunk);
    callback();
  }

  /** Waits for the handler's end(), then splits prelude and body at the 8-NUL delimiter as Function URLs do. */
  async parsed(): Promise<{
    prelude: { statusCode: number; headers: Record<string, string> };
    body: string;
  }> {
    if (!this.writableFinished) await once(this, 'finish');
    const all = Buffer.concat(this.chunks);
    const at = all.indexOf(Buffer.alloc(8));
    return {
      prelude: JSON.parse(all.subarray(0, at).toString('utf8')),
      body: all.subarray(at + 8).toString('utf8'),
    };
  }
}
