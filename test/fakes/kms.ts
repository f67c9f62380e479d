import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small fake of AWS KMS over its JSON 1.1 protocol (POST /, `X-Amz-Target: TrentService.<Operation>`), enough
 * for envelope encryption: GenerateDataKey and Decrypt. Like KMS, the ciphertext blob names its key and is bound
 * to the encryption context: Decrypt with another context (or a tampered blob) is an InvalidCiphertextException.
 * Requests must carry a SigV4 Authorization header for the expected access key.
 */
export interface FakeKmsOptions {
  region?: string;
  accessKeyId?: string;
  /** Key ids (or ARNs) that exist; default one key, `alias/flow-ia-vault`. */
  keyIds?: string[];
}

interface Blob {
  k: string;
  iv: string;
  tag: string;
  ct: string;
}

export async function startFakeKms(options: FakeKmsOptions = {}) {
  const region = options.region ?? 'eu-west-3';
  const accessKeyId = options.accessKeyId ?? 'AKIDFAKEKMS';
  const masterKeys = new Map<string, Buffer>();
  for (const id of options.keyIds ?? ['alias/flow-ia-vault']) masterKeys.set(id, randomBytes(32));
  const state = {
    calls: [] as Array<{ operation: string; keyId: string | undefined; context: Record<string, string> }>,
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: Error) =>
      fail(response, 500, 'KMSInternalException', error.message),
    );
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const target = String(request.headers['x-amz-target'] ?? '');
    const auth = String(request.headers.authorization ?? '');
    if (
      !auth.startsWith(`AWS4-HMAC-SHA256 Credential=${accessKeyId}/`) ||
      !auth.includes(`/${region}/kms/aws4_request`)
    )
      return fail(
        response,
        400,
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
      );
    if (request.method !== 'POST' || !target.startsWith('TrentService.'))
      return fail(response, 400, 'UnknownOperationException', 'Unknown operation');
    const input = JSON.parse((await readBody(request)) || '{}') as {
      KeyId?: string;
      KeySpec?: string;
      NumberOfBytes?: number;
      CiphertextBlob?: string;
      EncryptionContext?: Record<string, string>;
    };
    const operation = target.slice('TrentService.'.length);
    const context = input.EncryptionContext ?? {};
    state.calls.push({ operation, keyId: input.KeyId, context });

    if (operation === 'GenerateDataKey') {
      const master = input.KeyId ? masterKeys.get(input.KeyId) : undefined;
      if (!master) return fail(response, 400, 'NotFoundException', `Key '${input.KeyId}' does not exist`);
      const bytes = input.KeySpec === 'AES_128' ? 16 : (input.NumberOfBytes ?? 32);
      const plaintext = randomBytes(bytes);
      return ok(response, {
        KeyId: arnOf(input.KeyId!),
        Plaintext: plaintext.toString('base64'),
        CiphertextBlob: wrap(input.KeyId!, master, plaintext, context).toString('base64'),
      });
    }
    if (operation === 'Decrypt') {
      let blob: Blob;
      try {
        blob = JSON.parse(Buffer.from(input.CiphertextBlob ?? '', 'base64').toString('utf8')) as Blob;
      } catch {
        return fail(response, 400, 'InvalidCiphertextException', '');
      }
      const master = masterKeys.get(blob.k);
      if (!master || (input.KeyId && input.KeyId !== blob.k))
        return fail(
          response,
          400,
          'IncorrectKeyException',
          'The key ID in the request does not identify the key that encrypted the ciphertext.',
        );
      try {
        const decipher = createDecipheriv('aes-256-gcm', master, Buffer.from(blob.iv, 'base64'));
        decipher.setAAD(canonical(context));
        decipher.setAuthTag(Buffer.from(blob.tag, 'base64'));
        const plaintext = Buffer.concat([decipher.update(Buffer.from(blob.ct, 'base64')), decipher.final()]);
        return ok(response, {
          KeyId: arnOf(blob.k),
          Plaintext: plaintext.toString('base64'),
          EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
        });
      } catch {
        // KMS gives no detail: a wrong encryption context and a tampered blob look the same.
        return fail(response, 400, 'InvalidCiphertextException', '');
      }
    }
    return fail(response, 400, 'UnknownOperationException', `${operation} is not implemented by the fake`);
  }

  function arnOf(keyId: string): string {
    return keyId.startsWith('arn:')
      ? keyId
      : `arn:aws:kms:${region}:000000000000:${keyId.startsWith('alias/') ? keyId : `key/${keyId}`}`;
  }

  const port = await new Promise<number>((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    region,
    accessKeyId,
    keyId: [...masterKeys.keys()][0]!,
    state,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export type FakeKms = Awaited<ReturnType<typeof startFakeKms>>;

function wrap(keyId: string, master: Buffer, plaintext: Buffer, context: Record<string, string>): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', master, iv);
  cipher.setAAD(canonical(context));
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const blob: Blob = {
    k: keyId,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ct: ct.toString('base64'),
  };
  return Buffer.from(JSON.stringify(blob));
}

/** The context as KMS treats it: a set of pairs, order-independent. */
function canonical(context: Record<string, string>): Buffer {
  return Buffer.from(JSON.stringify(Object.entries(context).toSorted(([a], [b]) => a.localeCompare(b))));
}

function ok(response: ServerResponse, body: unknown): void {
  response.writeHead(200, {
    'content-type': 'application/x-amz-json-1.1',
    'x-amzn-requestid': randomBytes(8).toString('hex'),
  });
  response.end(JSON.stringify(body));
}

function fail(response: ServerResponse, status: number, type: string, message: string): void {
  response.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'x-amzn-errortype': `${type}:`,
  });
  response.end(JSON.stringify({ __type: type, message }));
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
