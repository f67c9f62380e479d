import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LocalKeyProvider } from '../../../infra/local/adapters/local-key-provider';
import {
  TikTokApiError,
  type TikTokBusinessPort,
  type TikTokComment,
  type TikTokTokenSet,
} from '../../../shared/adapters/tiktok/ports';
import { TIKTOK_BUSINESS_SCOPES, TikTokProvider } from '../../../shared/adapters/tiktok/tiktok-provider';
import type { AppError } from '../../../shared/errors';
import type { SocialAccount } from '../../../shared/services/social/ports';
import { TokenVault } from '../../../shared/services/vault/token-vault';
import { InMemorySocialAccountStore } from '../../support/in-memory/engine-stores';

const START = Date.parse('2026-04-06T12:00:00.000Z');
const WS = 'ws-tt';
const BUSINESS_ID = 'open-id-fleurs';
const REDIRECT = 'https://api.flowia.example/social-accounts/tiktok/callback';

/** The Accounts API at the port: tokens it issued, one video with comments newest first, replies it accepted. */
class ScriptedTikTok implements TikTokBusinessPort {
  grantedScope = TIKTOK_BUSINESS_SCOPES.join(',');
  issued = 0;
  readonly refreshes: string[] = [];
  readonly replies: Array<{ token: string; commentId: string; text: string }> = [];
  readonly rejectTokens = new Set<string>();
  /** What the next replies fail with, in order. */
  readonly replyFailures: TikTokApiError[] = [];
  comments: TikTokComment[] = [];

  private tokens(): TikTokTokenSet {
    this.issued += 1;
    return {
      openId: BUSINESS_ID,
      scope: this.grantedScope,
      accessToken: `act.${this.issued}`,
      expiresIn: 86_400,
      refreshToken: `rft.${this.issued}`,
      refreshExpiresIn: 31_536_000,
    };
  }

  private check(token: string) {
    if (this.rejectTokens.has(token))
      throw new TikTokApiError('auth', '40105', 'Access token is invalid or expired.', 401);
  }

  async exchangeCode() {
    return this.tokens();
  }

  async refresh(refreshToken: string) {
    this.refreshes.push(refreshToken);
    return this.tokens();
  }

  async profile(token: string) {
    this.check(token);
    return { openId: BUSINESS_ID, displayName: 'Fleurs de Léa', avatarUrl: null, username: 'fleursdelea' };
  }

  async listVideos(token: string) {
    this.check(token);
    return {
      videos: [
        {
          id: 'video-1',
          title: 'Bouquet du jour',
          createTime: START / 1000 - 86_400,
          shareUrl: null,
          viewCount: 100,
          likeCount: 10,
          commentCount: this.comments.length,
          shareCount: 0,
        },
      ],
      cursor: null,
      hasMore: false,
    };
  }

  async listComments(token: string) {
    this.check(token);
    return { comments: structuredClone(this.comments), cursor: null };
  }

  async replyToComment(token: string, input: { commentId: string; text: string }) {
    this.check(token);
    const failure = this.replyFailures.shift();
    if (failure) throw failure;
    this.replies.push({ token, commentId: input.commentId, text: input.text });
    return { commentId: `reply-${this.replies.length}` };
  }
}

const comment = (id: string, minutesAgo: number, overrides: Partial<TikTokComment> = {}): TikTokComment => ({
  commentId: id,
  videoId: 'video-1',
  authorId: `fan-${id}`,
  username: `fan_${id}`,
  displayName: null,
  text: `Prix ? (${id})`,
  createTime: Math.floor((START - minutesAgo * 60_000) / 1000),
  parentCommentId: null,
  ownedByAccount: false,
  hidden: false,
  ...overrides,
});

function world() {
  let now = START;
  const tiktok = new ScriptedTikTok();
  const store = new InMemorySocialAccountStore();
  const reconnects: string[] = [];
  const service = new TikTokProvider(
    {
      kind: 'business',
      api: tiktok,
      appId: 'app-1',
      authorizationUrl: 'https://www.tiktok.com/v2/auth/authorize',
    },
    store,
    new TokenVault(new LocalKeyProvider(randomBytes(32).toString('base64'))),
    {
      health: { markNeedsReconnect: async (a, reason) => void reconnects.push(`${a.id}: ${reason}`) },
      refreshMarginMs: 10 * 60_000,
      now: () => new Date(now),
    },
  );
  const connect = () =>
    service.oauth.connect({ workspaceId: WS, code: 'auth-code', redirectUri: REDIRECT, codeVerifier: '' });
  const stored = async (account: SocialAccount) => (await store.get(WS, account.id))!;
  return { service, tiktok, store, reconnects, connect, stored, advance: (ms: number) => (now += ms) };
}

describe('Class: TikTokProvider', () => {
  describe('Method: oauth.connect', () => {
    it('stores the account with its tokens sealed, never in plain text', async () => {
      // Prepare
      const w = world();

      // Act
      const account = await w.connect();

      // Assess
      expect(account).toMatchObject({
        workspaceId: WS,
        provider: 'tiktok',
        externalId: BUSINESS_ID,
        displayName: 'Fleurs de Léa',
        status: 'active',
        tokenExpiresAt: '2026-04-07T12:00:00.000Z',
        details: { api: 'business', username: 'fleursdelea' },
      });
      expect(JSON.stringify(await w.stored(account))).not.toContain('act.1');
    });

    it('refuses a grant without the comment permissions and stores nothing', async () => {
      // Prepare
      const w = world();
      w.tiktok.grantedScope = 'user.info.basic,video.list';

      // Act
      const refused = await w.connect().catch((error: AppError) => error);

      // Assess
      expect(refused).toMatchObject({ status: 403, code: 'scope_missing' });
      expect((refused as AppError).message).toContain('comment.list, comment.list.manage');
      expect(await w.store.list(WS)).toEqual([]);
    });
  });

  describe('Method: send', () => {
    it('replies under the comment, and refuses a DM or an over-long reply without calling TikTok', async () => {
      // Prepare
      const w = world();
      const account = await w.connect();
      const recipient = {
        platformUserId: 'fan-1',
        commentId: 'c1',
        conversationId: null,
        mediaId: 'video-1',
      };

      // Act
      const reply = await w.service.send(account, {
        action: 'reply',
        recipient,
        text: 'En MP !',
        idempotencyKey: 'k1',
      });
      const dm = await w.service.send(account, {
        action: 'dm',
        recipient,
        text: 'Bonjour',
        idempotencyKey: 'k2',
      });
      const long = await w.service.send(account, {
        action: 'reply',
        recipient,
        text: 'x'.repeat(151),
        idempotencyKey: 'k3',
      });

      // Assess
      expect(reply).toEqual({ status: 'sent', providerMessageId: 'reply-1' });
      expect(dm).toMatchObject({ status: 'failed', failure: { code: 'not_supported' } });
      expect(long).toMatchObject({ status: 'failed', failure: { code: 'invalid_request' } });
      expect(w.tiktok.replies).toEqual([{ token: 'act.1', commentId: 'c1', text: 'En MP !' }]);
    });

    it('refreshes a token about to expire before the call, and keeps the rotated tokens sealed', async () => {
      // Prepare
      const w = world();
      const account = await w.connect();
      w.advance(86_400_000 - 5 * 60_000); // five minutes before the access token expires

      // Act
      const reply = await w.service.send(await w.stored(account), {
        action: 'reply',
        recipient: { platformUserId: 'fan-1', commentId: 'c1', conversationId: null, mediaId: 'video-1' },
        text: 'Merci !',
        idempotencyKey: 'k4',
      });

      // Assess
      expect(reply.status).toBe('sent');
      expect(w.tiktok.refreshes).toEqual(['rft.1']);
      expect(w.tiktok.replies.map((r) => r.token)).toEqual(['act.2']);
      expect((await w.stored(account)).tokenExpiresAt).toBe('2026-04-08T11:55:00.000Z');
    });

    it('refreshes once when TikTok rejects the token, then marks the account needs_reconnect', async () => {
      // Prepare
      const w = world();
      const account = await w.connect();
      w.tiktok.rejectTokens.add('act.1').add('act.2');

      // Act
      const result = await w.service.send(account, {
        action: 'reply',
        recipient: { platformUserId: 'fan-1', commentId: 'c1', conversationId: null, mediaId: 'video-1' },
        text: 'Merci !',
        idempotencyKey: 'k4',
      });

      // Assess
      expect(w.tiktok.refreshes).toEqual(['rft.1']);
      expect(w.tiktok.replies).toEqual([]);
      expect(result).toMatchObject({ status: 'failed', failure: { code: 'auth_expired', retryable: false } });
      expect(w.reconnects).toEqual([expect.stringContaining('TikTok no longer accepts this connection')]);
    });
    it("turns TikTok's refusals into send failures: throttling and outages may be retried, a refused request not", async () => {
      // Prepare
      const w = world();
      const account = await w.connect();
      w.tiktok.replyFailures.push(
        new TikTokApiError('rate_limited', 'rate_limit_exceeded', 'Too many requests.', 429, 30),
        new TikTokApiError('invalid_request', '40002', 'comment_id is invalid.', 400),
        new TikTokApiError('unavailable', '50002', 'Internal error.', 500),
      );
      const reply = (idempotencyKey: string) =>
        w.service.send(account, {
          action: 'reply',
          recipient: { platformUserId: 'fan-1', commentId: 'c1', conversationId: null, mediaId: 'video-1' },
          text: 'Merci !',
          idempotencyKey,
        });

      // Act
      const results = [await reply('k1'), await reply('k2'), await reply('k3')];

      // Assess
      expect(results.map((r) => r.status === 'failed' && r.failure)).toEqual([
        {
          code: 'rate_limited',
          retryable: true,
          retryAfterSeconds: 30,
          explanation: 'TikTok is limiting how often Flow IA may call it; try again in a minute.',
        },
        {
          code: 'invalid_request',
          retryable: false,
          explanation: 'TikTok rejected the request: comment_id is invalid.',
        },
        { code: 'provider_unavailable', retryable: true, explanation: 'TikTok failed: Internal error.' },
      ]);
      expect(w.tiktok.replies).toEqual([]);
      expect(w.reconnects).toEqual([]);
    });
  });

  describe('Method: collect', () => {
    it('brings each new comment once, never our own replies or hidden ones, and moves its watermark', async () => {
      // Prepare
      const w = world();
      const account = await w.connect();
      w.tiktok.comments = [
        comment('c3', 1),
        comment('own', 2, { ownedByAccount: true }),
        comment('hidden', 3, { hidden: true }),
        comment('c2', 5),
      ];

      // Act
      const first = await w.service.collect(account, null);
      w.tiktok.comments = [comment('c4', 0), ...w.tiktok.comments];
      const second = await w.service.collect(account, first.nextCursor);

      // Assess
      expect(first.messages.map((m) => m.platformMessageId)).toEqual(['c3', 'c2']);
      expect(first.messages[0]).toMatchObject({
        workspaceId: WS,
        platform: 'tiktok',
        kind: 'comment',
        mediaId: 'video-1',
        source: 'collector',
        actionable: true,
      });
      expect(second.messages.map((m) => m.platformMessageId)).toEqual(['c4']);
    });

    it('marks comments older than seven days as not actionable: logged and scored, never answered', async () => {
      // Prepare
      const w = world();
      const account = await w.connect();
      w.tiktok.comments = [comment('old', 8 * 24 * 60)];

      // Act
      const { messages } = await w.service.collect(account, null);

      // Assess
      expect(messages).toEqual([expect.objectContaining({ platformMessageId: 'old', actionable: false })]);
    });
  });
});
