import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LocalKeyProvider } from '../../../infra/local/adapters/local-key-provider';
import { GraphClient } from '../../../shared/adapters/meta/graph-client';
import { MetaProvider } from '../../../shared/adapters/meta/meta-provider';
import type { OutgoingMessage, SocialAccount } from '../../../shared/services/social/ports';
import { TokenVault } from '../../../shared/services/vault/token-vault';

// An injected clock: Wednesday 25 Nov 2026, 10:00 UTC.
const NOW = Date.parse('2026-11-25T10:00:00.000Z');
const WS = 'ws-meta';
const IG = '178410003';
const PAGE = '4040';
const PAGE_TOKEN = 'EAAG-page-token';

interface Call {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  authorization: string | null;
}

/**
 * Graph at the fetch boundary: records every call and answers from a script keyed by "METHOD /path". Error
 * bodies follow https://developers.facebook.com/docs/graph-api/guides/error-handling
 * (`{"error":{"message","type","code","error_subcode"}}`).
 */
class ScriptedGraph {
  readonly calls: Call[] = [];
  readonly answers = new Map<
    string,
    Array<{ status: number; body: unknown; headers?: Record<string, string> }>
  >();

  answer(route: string, status: number, body: unknown, headers?: Record<string, string>) {
    const queue = this.answers.get(route) ?? [];
    queue.push({ status, body, ...(headers ? { headers } : {}) });
    this.answers.set(route, queue);
  }

  readonly fetch: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const path = url.pathname.replace(/^\/v25\.0/, '');
    const method = init?.method ?? 'GET';
    this.calls.push({
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      authorization: new Headers(init?.headers).get('authorization'),
    });
    const queue = this.answers.get(`${method} ${path}`) ?? [];
    const next = queue.length > 1 ? queue.shift() : queue[0];
    if (!next) return Response.json({ error: { message: 'Unknown path', code: 100 } }, { status: 400 });
    return Response.json(next.body, { status: next.status, headers: next.headers ?? {} });
  };

  posts() {
    return this.calls.filter((c) => c.method === 'POST');
  }
}

async function world() {
  const graph = new ScriptedGraph();
  const vault = new TokenVault(new LocalKeyProvider(randomBytes(32).toString('base64')));
  const provider = new MetaProvider(
    new GraphClient({ baseUrl: 'https://graph.facebook.com', version: 'v25.0', fetch: graph.fetch }),
    vault,
    () => new Date(NOW),
  );
  const sealed = await vault.sealJson({ workspaceId: WS, provider: 'meta' }, { pageAccessToken: PAGE_TOKEN });
  const account = (platform: 'instagram' | 'facebook' = 'instagram'): SocialAccount => ({
    id: `${platform}-${platform === 'instagram' ? IG : PAGE}`,
    workspaceId: WS,
    provider: 'meta',
    platform,
    externalId: platform === 'instagram' ? IG : PAGE,
    displayName: 'Garage',
    status: 'active',
    sealedCredentials: sealed,
    tokenExpiresAt: null,
    connectedAt: '2026-11-01T00:00:00.000Z',
    lastEventAt: null,
    lastError: null,
    collectCursor: null,
    details: { pageId: PAGE },
  });
  return { graph, provider, account };
}

const message = (
  action: OutgoingMessage['action'],
  recipient: Partial<OutgoingMessage['recipient']>,
  extra: Partial<OutgoingMessage> = {},
): OutgoingMessage => ({
  action,
  text: 'Bonjour ! Voici nos tarifs.',
  recipient: { platformUserId: '', commentId: null, conversationId: null, mediaId: null, ...recipient },
  idempotencyKey: 'int-1#dm',
  ...extra,
});

const graphError = (code: number, subcode?: number, message = 'refused') => ({
  error: { message, type: 'OAuthException', code, ...(subcode ? { error_subcode: subcode } : {}) },
});

describe('Class: MetaProvider', () => {
  describe('Method: send', () => {
    it('sends a DM to the Page messages edge with the Page token in the header, never in the URL', async () => {
      // Prepare
      const w = await world();
      w.graph.answer(`POST /${PAGE}/messages`, 200, { recipient_id: 'igsid-1', message_id: 'mid.1' });

      // Act
      const result = await w.provider.send(w.account(), message('dm', { platformUserId: 'igsid-1' }));

      // Assess
      expect(result).toEqual({ status: 'sent', providerMessageId: 'mid.1' });
      expect(w.graph.posts()).toEqual([
        {
          method: 'POST',
          path: `/${PAGE}/messages`,
          query: {},
          body: {
            recipient: { id: 'igsid-1' },
            messaging_type: 'RESPONSE',
            message: { text: 'Bonjour ! Voici nos tarifs.' },
          },
          authorization: `Bearer ${PAGE_TOKEN}`,
        },
      ]);
    });

    it("sends a member's reply with the HUMAN_AGENT message tag, and an automatic one without it", async () => {
      // Prepare
      const w = await world();
      w.graph.answer(`POST /${PAGE}/messages`, 200, { message_id: 'mid.2' });

      // Act
      await w.provider.send(
        w.account(),
        message('dm', { platformUserId: 'igsid-1' }, { tag: 'HUMAN_AGENT' }),
      );

      // Assess
      expect(w.graph.posts()[0]?.body).toMatchObject({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
    });

    it('answers a comment on its edge: Instagram /replies, a Page /comments, a private reply by comment_id', async () => {
      // Prepare
      const w = await world();
      w.graph.answer('POST /c-1/replies', 200, { id: 'reply-1' });
      w.graph.answer('POST /c-2/comments', 200, { id: 'reply-2' });
      w.graph.answer(`POST /${PAGE}/messages`, 200, { message_id: 'mid.3' });

      // Act
      const results = [
        await w.provider.send(w.account('instagram'), message('reply', { commentId: 'c-1' })),
        await w.provider.send(w.account('facebook'), message('reply', { commentId: 'c-2' })),
        await w.provider.send(w.account(), message('private_reply', { commentId: 'c-3' })),
      ];

      // Assess
      expect(results.map((r) => r.status === 'sent' && r.providerMessageId)).toEqual([
        'reply-1',
        'reply-2',
        'mid.3',
      ]);
      expect(w.graph.posts().map((c) => [c.path, c.body])).toEqual([
        ['/c-1/replies', { message: 'Bonjour ! Voici nos tarifs.' }],
        ['/c-2/comments', { message: 'Bonjour ! Voici nos tarifs.' }],
        [
          `/${PAGE}/messages`,
          { recipient: { comment_id: 'c-3' }, message: { text: 'Bonjour ! Voici nos tarifs.' } },
        ],
      ]);
    });

    it('refuses a DM without a recipient and a private reply without a comment before calling Graph', async () => {
      // Prepare
      const w = await world();

      // Act
      const results = [
        await w.provider.send(w.account(), message('dm', { platformUserId: '' })),
        await w.provider.send(w.account(), message('private_reply', { commentId: null })),
        await w.provider.send(w.account(), message('dm', { commentId: 'c-1', mention: true })),
      ];

      // Assess
      for (const result of results)
        expect(result).toMatchObject({
          status: 'failed',
          failure: { code: 'invalid_request', retryable: false },
        });
      expect(w.graph.calls).toEqual([]);
    });

    it('classifies what Graph refuses after one call: only throttling and outages may be retried', async () => {
      // Prepare
      const w = await world();
      const cases: Array<[string, number, unknown, Record<string, string>?]> = [
        ['outside the window (10/2534022)', 400, graphError(10, 2534022)],
        ['expired token (190/463)', 400, graphError(190, 463)],
        ['throttled (613)', 400, graphError(613), { 'retry-after': '120' }],
        ['outage (code 2)', 503, graphError(2)],
      ];
      const outcomes: unknown[] = [];

      // Act
      for (const [, status, body, headers] of cases) {
        w.graph.answers.clear();
        w.graph.answer(`POST /${PAGE}/messages`, status, body, headers);
        const result = await w.provider.send(w.account(), message('dm', { platformUserId: 'igsid-1' }));
        outcomes.push(result.status === 'failed' && [result.failure.code, result.failure.retryable]);
      }

      // Assess
      expect(outcomes).toEqual([
        ['outside_window', false],
        ['auth_expired', false],
        ['rate_limited', true],
        ['provider_unavailable', true],
      ]);
      expect(w.graph.posts()).toHaveLength(cases.length);
    });

    it('fails with auth_expired, calling nothing, when the sealed credentials belong to another workspace', async () => {
      // Prepare
      const w = await world();
      const stolen = { ...w.account(), workspaceId: 'ws-attacker' };

      // Act
      const result = await w.provider.send(stolen, message('dm', { platformUserId: 'igsid-1' }));

      // Assess
      expect(result).toMatchObject({ status: 'failed', failure: { code: 'auth_expired', retryable: false } });
      expect(w.graph.calls).toEqual([]);
    });
  });

  describe('Method: collect', () => {
    it('brings new comments and DMs once, never our own, and a second run with the cursor brings nothing', async () => {
      // Prepare
      const w = await world();
      w.graph.answer(`GET /${IG}/media`, 200, { data: [{ id: 'media-1' }] });
      w.graph.answer('GET /media-1/comments', 200, {
        data: [
          {
            id: 'c-1',
            text: 'Prix ?',
            timestamp: '2026-11-25T09:00:00+0000',
            from: { id: 'fan-1', username: 'lea' },
          },
          { id: 'c-own', text: 'Merci !', timestamp: '2026-11-25T09:05:00+0000', from: { id: IG } },
          { id: 'c-old', text: 'Ancien', timestamp: '2026-11-10T09:00:00+0000', from: { id: 'fan-2' } },
        ],
      });
      w.graph.answer(`GET /${PAGE}/conversations`, 200, {
        data: [{ id: 't-1', updated_time: '2026-11-25T09:30:00+0000' }],
      });
      w.graph.answer('GET /t-1/messages', 200, {
        data: [
          { id: 'm-1', created_time: '2026-11-25T09:30:00+0000', message: 'Bonjour', from: { id: 'fan-1' } },
          { id: 'm-own', created_time: '2026-11-25T09:31:00+0000', message: 'Salut', from: { id: PAGE } },
          { id: 'm-sticker', created_time: '2026-11-25T09:32:00+0000', from: { id: 'fan-1' } },
        ],
      });

      // Act
      const first = await w.provider.collect(w.account(), null);
      const again = await w.provider.collect(w.account(), first.nextCursor);

      // Assess
      expect(first.messages.map((m) => [m.platformMessageId, m.kind, m.actionable])).toEqual([
        ['c-1', 'comment', true],
        ['c-old', 'comment', false],
        ['m-1', 'dm', true],
      ]);
      expect(first.messages[0]).toMatchObject({
        workspaceId: WS,
        platform: 'instagram',
        mediaId: 'media-1',
        occurredAt: '2026-11-25T09:00:00.000Z',
        source: 'collector',
      });
      expect(again.messages).toEqual([]);
      expect(w.graph.calls.every((c) => c.authorization === `Bearer ${PAGE_TOKEN}`)).toBe(true);
    });
  });
});
