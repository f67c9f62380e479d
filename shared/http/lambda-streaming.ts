import type { Writable } from 'node:stream';

/**
 * Lambda response streaming in both runtimes, from one module.
 * In AWS the Node runtime defines the global `awslambda` (streamifyResponse, HttpResponseStream.from). The local
 * stage has no such global, so this module installs a shim with the same two members before any handler uses
 * it: `streamifyResponse` marks the handler as streaming (the local server then passes it a writable stream
 * bound to the HTTP response), and `HttpResponseStream.from` hands the status and headers to that stream, as the
 * runtime does by writing its JSON prelude before the body.
 */
export interface ResponsePrelude {
  statusCode: number;
  headers?: Record<string, string>;
  cookies?: string[];
}

export type StreamingLambdaHandler<E = unknown> = (
  event: E,
  responseStream: Writable,
  context: unknown,
) => Promise<void>;

interface AwsLambdaStreaming {
  streamifyResponse<E>(handler: StreamingLambdaHandler<E>): StreamingLambdaHandler<E>;
  HttpResponseStream: { from(stream: Writable, prelude: ResponsePrelude): Writable };
}

/** The local stream's hook for the prelude (a symbol, so it can never clash with Writable's own members). */
export const LOCAL_PRELUDE = Symbol.for('flowia.local.responsePrelude');
const STREAMING = Symbol.for('flowia.local.streamingHandler');

const localShim: AwsLambdaStreaming = {
  streamifyResponse: (handler) => Object.assign(handler, { [STREAMING]: true }),
  HttpResponseStream: {
    from(stream, prelude) {
      const hook = (stream as unknown as Record<symbol, ((p: ResponsePrelude) => void) | undefined>)[
        LOCAL_PRELUDE
      ];
      hook?.call(stream, prelude);
      return stream;
    },
  },
};

// Other libraries create a bare `awslambda` object outside Lambda (@aws/lambda-invoke-store, used by Powertools,
// puts its InvokeStore there), so the shim fills in only the members that are missing.
const host = globalThis as unknown as { awslambda?: Partial<AwsLambdaStreaming> };
host.awslambda ??= {};
host.awslambda.streamifyResponse ??= localShim.streamifyResponse;
host.awslambda.HttpResponseStream ??= localShim.HttpResponseStream;

/** `awslambda` of the runtime in AWS, the shim locally. */
export const awslambda = host.awslambda as AwsLambdaStreaming;

export function isLocalStreamingHandler(fn: unknown): boolean {
  return typeof fn === 'function' && (fn as unknown as Record<symbol, unknown>)[STREAMING] === true;
}

/** Writes a chunk and waits when the stream asks for it (backpressure); fails if the client went away. */
export async function writeChunk(stream: Writable, chunk: string): Promise<void> {
  if (stream.destroyed) throw new Error('The response stream is closed.');
  if (stream.write(chunk)) return;
  await new Promise<void>((resolve, reject) => {
    const done = (error?: Error) => {
      stream.off('drain', onDrain);
      stream.off('close', onClose);
      stream.off('error', done);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new Error('The response stream closed before the export ended.'));
    stream.on('drain', onDrain);
    stream.on('close', onClose);
    stream.on('error', done);
  });
}
