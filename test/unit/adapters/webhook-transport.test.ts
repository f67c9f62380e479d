import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkDestination,
  GuardedWebhookTransport,
  type Resolver,
} from '../../../shared/adapters/http/webhook-transport';

/** A fake DNS: each name answers the addresses the test gives it. */
const fakeResolver =
  (answers: Record<string, string[]>): Resolver =>
  async (hostname) => {
    const addresses = answers[hostname];
    if (!addresses) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

let server: Server;
let port: number;
const hits: Array<{ host: string | undefined; path: string | undefined }> = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    hits.push({ host: request.headers.host, path: request.url });
    if (request.url === '/redirect') {
      response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
      response.end();
      return;
    }
    request.resume();
    response.end('thanks');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('Function: checkDestination', () => {
  it('refuses a name when any of its addresses is loopback, private, link-local or metadata', async () => {
    // Prepare
    const resolve = fakeResolver({
      'v6-loopback.test': ['::1'],
      'ula.test': ['fc00::5'],
      'metadata.test': ['169.254.169.254'],
      'mapped.test': ['::ffff:169.254.169.254'],
      'mapped-hex.test': ['::ffff:7f00:1'],
      'mixed.test': ['93.184.215.14', '10.0.0.7'],
      'public.test': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
    });
    const check = (host: string) =>
      checkDestination(new URL(`https://${host}/hook`), { allowLoopback: false, resolve });

    // Act
    const refused = await Promise.all(
      ['v6-loopback.test', 'ula.test', 'metadata.test', 'mapped.test', 'mapped-hex.test', 'mixed.test'].map(
        check,
      ),
    );
    const allowed = await check('public.test');
    const literal = await checkDestination(new URL('https://[fd00:ec2::254]/'), {
      allowLoopback: false,
      resolve,
    });

    // Assess
    for (const verdict of refused) expect(verdict).toMatchObject({ ok: false, retryable: false });
    expect(refused[2]).toMatchObject({ error: expect.stringContaining('link-local') });
    expect(refused[5]).toMatchObject({ error: expect.stringContaining('10.0.0.7') });
    expect(allowed).toEqual({ ok: true, address: { address: '93.184.215.14', family: 4 } });
    expect(literal.ok).toBe(false);
  });

  it('retries a name that does not resolve', async () => {
    // Act
    const verdict = await checkDestination(new URL('https://nowhere.test/'), {
      allowLoopback: false,
      resolve: fakeResolver({}),
    });

    // Assess
    expect(verdict).toEqual({
      ok: false,
      error: 'the host name did not resolve (ENOTFOUND)',
      retryable: true,
    });
  });
});

describe('Class: GuardedWebhookTransport', () => {
  describe('Method: post', () => {
    it('connects to the address it checked, whatever the name resolves to later (no DNS rebinding)', async () => {
      // Prepare: the name exists only in the fake resolver, so reaching the server proves the pinned lookup.
      let lookups = 0;
      const transport = new GuardedWebhookTransport({
        allowLoopback: true,
        timeoutMs: 5000,
        resolve: async () => {
          lookups += 1;
          return [{ address: '127.0.0.1', family: 4 }];
        },
      });

      // Act
      const result = await transport.post(
        `http://receiver.flowia.test:${port}/hook`,
        { 'content-type': 'application/json' },
        '{}',
      );

      // Assess
      expect(result).toMatchObject({ kind: 'answered', status: 200, responseBody: 'thanks' });
      expect(lookups).toBe(1);
      expect(hits.at(-1)).toEqual({ host: `receiver.flowia.test:${port}`, path: '/hook' });
    });

    it('refuses loopback in AWS mode before sending anything', async () => {
      // Prepare
      const transport = new GuardedWebhookTransport({ allowLoopback: false, timeoutMs: 5000 });
      const before = hits.length;

      // Act
      const result = await transport.post(`http://127.0.0.1:${port}/hook`, {}, '{}');

      // Assess
      expect(result).toMatchObject({ kind: 'refused', error: expect.stringContaining('loopback') });
      expect(hits.length).toBe(before);
    });

    it('does not follow redirects', async () => {
      // Prepare
      const transport = new GuardedWebhookTransport({ allowLoopback: true, timeoutMs: 5000 });
      const before = hits.length;

      // Act
      const result = await transport.post(`http://127.0.0.1:${port}/redirect`, {}, '{}');

      // Assess
      expect(result).toMatchObject({ kind: 'answered', status: 302 });
      expect(hits.length).toBe(before + 1);
    });
  });
});
