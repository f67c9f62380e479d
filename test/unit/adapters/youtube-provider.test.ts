import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LocalKeyProvider } from '../../../infra/local/adapters/local-key-provider';
import {
  YouTubeApiError,
  type YouTubeApiPort,
  type YouTubeComment,
  type YouTubeThread,
} from '../../../shared/adapters/youtube/ports';
import { YouTubeProvider } from '../../../shared/adapters/youtube/youtube-provider';
import type { AppError } from '../../../shared/errors';
import type { GoogleTokenSet } from '../../../shared/services/google/ports';
import type { OutgoingMessage } from '../../../shared/services/social/ports';
import { TokenVault } from '../../../shared/services/vault/token-vault';
import { YouTubeBudget } from '../../../shared/services/youtube/youtube-budget';
import { InMemorySocialAccountStore } from '../../support/in-memory/engine-stores';
import { InMemoryYouTubeUnitLedger } from '../../support/in-memory/youtube-ledger';

// Noon UTC: 04:00 in California, far from the Pacific-midnight quota reset.
const START = Date.parse('2026-03-10T12:00:00.000Z');
const WS = 'ws-yt';
const CHANNEL = 'UC-fleurs';

/** The Data API at the port: one channel, comment threads newest first, replies it accepted. */
class ScriptedYouTube implements YouTubeApiPort {
  issued = 0;
  giveRefreshToken = true;
  quotaExceeded = false;
  threads: YouTubeThread[] = [];
  moreReplies: Record<string, YouTubeComment[]> = {};
  readonly calls: string[] = [];
  readonly posted: Array<{ parentId: string; text: string }> = [];

  authorizationUrl() {
    return 'https://accounts.google.com/o/oauth2/v2/auth';
  }

  private tokens(): GoogleTokenSet {
    this.issued += 1;
    return {
      accessToken: `ya29.${this.issued}`,
      refreshToken: this.giveRefreshToken ? '1//refresh' : null,
      expiresAt: new Date(START + 3_599_000).toISOString(),
      scope: 'https://www.googleapis.com/auth/youtube.force-ssl',
    };
  }

  async exchangeCode() {
    return this.tokens();
  }

  async refresh() {
    return { ...this.tokens(), refreshToken: null };
  }

  async myChannel() {
    this.calls.push('channels.list');
    return { id: CHANNEL, title: 'Fleurs de Léa' };
  }

  async commentThreads() {
    this.calls.push('commentThreads.list');
    if (this.quotaExceeded)
      throw new YouTubeApiError(
        'quota',
        'quotaExceeded',
        'The request cannot be completed because you have exceeded your quota.',
        403,
      );
    return { items: structuredClone(this.threads), nextPageToken: null };
  }

  async replies(_token: string, request: { parentId: string }) {
    this.calls.push('comments.list');
    return { items: structuredClone(this.moreReplies[request.parentId] ?? []), nextPageToken: null };
  }

  async activities() {
    return { items: [], nextPageToken: null };
  }

  async reply(_token: string, parentId: string, text: string) {
    this.calls.push('comments.insert');
    this.posted.push({ parentId, text });
    return {
      id: `${parentId}.reply${this.posted.length}`,
      videoId: 'video-1',
      parentId,
      authorChannelId: CHANNEL,
      authorName: 'Fleurs de Léa',
      text,
      publishedAt: new Date(START).toISOString(),
    };
  }
}

const comment = (
  id: string,
  minutesAgo: number,
  overrides: Partial<YouTubeComment> = {},
): YouTubeComment => ({
  id,
  videoId: 'video-1',
  parentId: null,
  authorChannelId: `UC-fan-${id}`,
  authorName: `Fan ${id}`,
  text: `Prix ? (${id})`,
  publishedAt: new Date(START - minutesAgo * 60_000).toISOString(),
  ...overrides,
});

const thread = (
  top: YouTubeComment,
  replies: YouTubeComment[] = [],
  totalReplyCount = replies.length,
): YouTubeThread => ({
  id: top.id,
  videoId: top.videoId,
  canReply: true,
  totalReplyCount,
  topLevelComment: top,
  replies,
});

function world(options: { dailyUnits?: number } = {}) {
  let now = START;
  const clock = () => new Date(now);
  const youtube = new ScriptedYouTube();
  const store = new InMemorySocialAccountStore();
  const ledger = new InMemoryYouTubeUnitLedger();
  const budget = new YouTubeBudget(ledger, store, { dailyUnits: options.dailyUnits ?? 10_000, now: clock });
  const service = new YouTubeProvider(
    youtube,
    store,
    new TokenVault(new LocalKeyProvider(randomBytes(32).toString('base64'))),
    budget,
    { health: { markNeedsReconnect: async () => {} }, refreshMarginMs: 5 * 60_000, now: clock },
  );
  const connect = () =>
    service.oauth.connect({
      workspaceId: WS,
      code: 'code',
      redirectUri: 'https://api.flowia.example/cb',
      codeVerifier: 'v',
    });
  const reply = (text: string, idempotencyKey = 'k'): OutgoingMessage => ({
    action: 'reply',
    text,
    idempotencyKey,
    recipient: { platformUserId: 'UC-fan-c1', commentId: 'c1.r1', conversationId: 'c1', mediaId: 'video-1' },
  });
  return { service, youtube, store, ledger, connect, reply, advance: (ms: number) => (now += ms) };
}

describe('Class: YouTubeProvider', () => {
  describe('Method: oauth.connect', () => {
    it('stores the channel with sealed tokens and counts the channels.list unit against the workspace', async () => {
      // Prepare
      const w = world();

      // Act
      const account = await w.connect();

      // Assess
      expect(account).toMatchObject({
        provider: 'youtube',
        externalId: CHANNEL,
        displayName: 'Fleurs de Léa',
        status: 'active',
      });
      expect(JSON.stringify(await w.store.get(WS, account.id))).not.toContain('ya29.1');
      expect(await w.ledger.workspaceUsed(WS, '2026-03-10')).toBe(1);
    });

    it('refuses a grant without a refresh token: collection could not outlive the hour', async () => {
      // Prepare
      const w = world();
      w.youtube.giveRefreshToken = false;

      // Act
      const refused = await w.connect().catch((error: AppError) => error);

      // Assess
      expect(refused).toMatchObject({ status: 400, code: 'validation_failed' });
      expect(await w.store.list(WS)).toEqual([]);
      expect(w.youtube.calls).toEqual([]);
    });
  });

  describe('Method: send', () => {
    it('replies on the thread of the comment (its top-level comment), and has no DM', async () => {
      // Prepare
      const w = world();
      const account = await w.connect();

      // Act
      const sent = await w.service.send(account, w.reply('Merci !'));
      const dm = await w.service.send(account, { ...w.reply('Bonjour'), action: 'dm' });

      // Assess
      expect(sent).toEqual({ status: 'sent', providerMessageId: 'c1.reply1' });
      expect(w.youtube.posted).toEqual([{ parentId: 'c1', text: 'Merci !' }]);
      expect(dm).toMatchObject({ status: 'failed', failure: { code: 'not_supported' } });
      // comments.insert costs 50 units.
      expect(await w.ledger.workspaceUsed(WS, '2026-03-10')).toBe(51);
    });

    it('pauses every workspace when Google answers quotaExceeded, and refuses the next call without calling', async () => {
      // Prepare
      const w = world();
      const account = await w.connect();
      w.youtube.quotaExceeded = true;

      // Act
      const first = await w.service.collect(account, null);
      const calls = w.youtube.calls.length;
      const afterPause = await w.service.send(account, w.reply('Merci !'));

      // Assess
      expect(first.messages).toEqual([]);
      expect((await w.ledger.project('2026-03-10')).pausedAt).toBe('2026-03-10T12:00:00.000Z');
      expect(afterPause).toMatchObject({
        status: 'failed',
        failure: { code: 'rate_limited', retryable: true },
      });
      expect(w.youtube.calls.length).toBe(calls);
    });
  });

  describe('Method: collect', () => {
    it("brings every new comment and reply once, never the channel's own, fetching a thread's missing replies", async () => {
      // Prepare
      const w = world();
      const account = await w.connect();
      const own = comment('c1.own', 3, { parentId: 'c1', authorChannelId: CHANNEL });
      w.youtube.threads = [thread(comment('c2', 1)), thread(comment('c1', 10), [own], 2)];
      w.youtube.moreReplies.c1 = [own, comment('c1.r1', 2, { parentId: 'c1' })];

      // Act
      const first = await w.service.collect(account, null);
      w.advance(3_600_000);
      const second = await w.service.collect(account, first.nextCursor);

      // Assess
      expect(first.messages.map((m) => m.platformMessageId).sort()).toEqual(['c1', 'c1.r1', 'c2']);
      expect(first.messages.find((m) => m.platformMessageId === 'c1.r1')).toMatchObject({
        conversationId: 'c1',
        parentId: 'c1',
        source: 'collector',
      });
      expect(second.messages).toEqual([]);
      // The second poll does not fetch c1's replies again: its reply count has not moved.
      expect(w.youtube.calls.filter((c) => c === 'comments.list')).toHaveLength(1);
    });
  });
});
