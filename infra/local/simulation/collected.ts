import { randomBytes } from 'node:crypto';
import { dedupeKeyOf } from '../../../shared/domain/messages/dedupe-key';
import { type FakeGoogle, startFakeGoogle } from '../../../simulation/google';
import { startFakeTikTokBusiness } from '../../../simulation/tiktok-business';
import { runScheduleNow } from '../schedules-plugin';
import type { ProviderSimulation } from './types';

/**
 * Platforms without webhooks (TikTok, YouTube): a simulated person's comment is put in the fake, then the
 * collector's schedule runs now — the same handler EventBridge Scheduler invokes in AWS — so the comment reaches
 * the incomingMessages queue through the real collection path.
 */
export interface CollectedComment {
  platform: 'tiktok' | 'youtube';
  kind: 'comment';
  platformMessageId: string;
  dedupeKey: string;
  from: { id: string; username: string };
  /** The collector run's outcome (ok, or its error). */
  collected: { ok: boolean; error?: string };
}

export interface SimulatedCommentSource {
  platform: 'tiktok' | 'youtube';
  comment(from: { id?: string; username: string }, text: string): Promise<CollectedComment>;
  /** Every credential the fake knows (client secret, tokens it issued): tests check none leaks. */
  credentials(): string[];
  /** The replies Flow IA posted, from the fake's record. */
  replies(): Array<{ id: string; to: string; toId: string; text: string }>;
}

/** The demo TikTok business account the simulated TikTok for Business authorization consents as, with one video. */
export const DEMO_TIKTOK = {
  openId: 'tt-demo-shop',
  displayName: 'Demo Shop',
  videoId: '7300000000000000001',
};
/** The demo Google user and YouTube channel, with one video. */
export const DEMO_YOUTUBE = {
  userId: 'google-demo-shop',
  channel: { id: 'UCdemoShop00000000000001', title: 'Demo Shop' },
  videoId: 'dQw4w9WgXcQ',
};

async function collect(schedule: string) {
  const run = await runScheduleNow(schedule);
  return { ok: run.ok, ...(run.error ? { error: run.error } : {}) };
}

export const startSimulatedTikTok: ProviderSimulation<SimulatedCommentSource> = {
  provider: 'TikTok',
  realWhen: ['TIKTOK_BUSINESS_APP_ID', 'TIKTOK_CLIENT_KEY'],
  async start({ setEnv, env, baseUrl }) {
    const fake = await startFakeTikTokBusiness();
    fake.addAccount(DEMO_TIKTOK.openId, DEMO_TIKTOK.displayName);
    fake.state.consentUser = DEMO_TIKTOK.openId;
    // The app's TikTok account holder redirect URL, as an operator registers it (trailing slash).
    for (const base of new Set([baseUrl, env('APP_BASE_URL') ?? baseUrl]))
      fake.registerRedirectUri(`${base.replace(/\/$/, '')}/social-accounts/tiktok/callback/`);
    fake.addVideo(DEMO_TIKTOK.openId, {
      id: DEMO_TIKTOK.videoId,
      caption: 'Nouvelle collection / New collection',
      createTime: Math.floor(Date.now() / 1000) - 3600,
    });
    setEnv('TIKTOK_BUSINESS_APP_ID', fake.appId);
    setEnv('TIKTOK_BUSINESS_SECRET', fake.secret);
    setEnv('TIKTOK_BUSINESS_AUTH_URL', fake.authorizationUrl);
    setEnv('TIKTOK_BUSINESS_API_URL', fake.url);
    const names = new Map<string, string>();
    return {
      running: {
        platform: 'tiktok',
        async comment(from, text) {
          const author = { id: from.id ?? `tt-${randomBytes(5).toString('hex')}`, username: from.username };
          const added = fake.addComment(DEMO_TIKTOK.openId, DEMO_TIKTOK.videoId, {
            from: author,
            text,
            createTime: Math.floor(Date.now() / 1000),
          });
          names.set(added.comment_id, author.username);
          return {
            platform: 'tiktok',
            kind: 'comment',
            platformMessageId: added.comment_id,
            dedupeKey: dedupeKeyOf('tiktok', 'comment', added.comment_id),
            // The commenter as the Business API names them (`unique_identifier`).
            from: { id: added.unique_identifier, username: author.username },
            collected: await collect('collect-tiktok'),
          };
        },
        credentials: () => [
          fake.secret,
          ...fake.state.accessTokens.keys(),
          ...fake.state.refreshTokens.keys(),
        ],
        replies: () =>
          fake.state.replies.map((reply) => ({
            id: reply.replyId,
            to: names.get(reply.commentId) ?? reply.commentId,
            toId: reply.commentId,
            text: reply.text,
          })),
      },
      detail: `fake TikTok for Business (account holder authorization, Accounts API) at ${fake.url}, business account "${DEMO_TIKTOK.displayName}" with one video; comments collected by the collect-tiktok schedule`,
      stop: fake.stop,
    };
  },
};

/** The simulated YouTube, and the Google behind it: its OAuth also connects the simulated Google Sheets. */
export type SimulatedYouTube = SimulatedCommentSource & { google: FakeGoogle };

export const startSimulatedYouTube: ProviderSimulation<SimulatedYouTube> = {
  provider: 'YouTube',
  realWhen: ['GOOGLE_CLIENT_ID'],
  async start({ setEnv }) {
    const fake = await startFakeGoogle({ dailyQuota: 1_000_000 });
    fake.addUser(DEMO_YOUTUBE.userId, DEMO_YOUTUBE.channel);
    fake.state.consentUser = DEMO_YOUTUBE.userId;
    setEnv('GOOGLE_CLIENT_ID', fake.clientId);
    setEnv('GOOGLE_CLIENT_SECRET', fake.clientSecret);
    setEnv('GOOGLE_OAUTH_URL', fake.url);
    setEnv('GOOGLE_TOKEN_URL', `${fake.url}/token`);
    setEnv('YOUTUBE_API_URL', fake.url);
    const names = new Map<string, string>();
    return {
      running: {
        google: fake,
        platform: 'youtube',
        async comment(from, text) {
          const author = { id: from.id ?? `UC${randomBytes(11).toString('hex')}`, username: from.username };
          const id = `Ugz${randomBytes(9).toString('base64url')}`;
          names.set(id, author.username);
          fake.addThread(DEMO_YOUTUBE.channel.id, {
            id,
            videoId: DEMO_YOUTUBE.videoId,
            authorChannelId: author.id,
            authorDisplayName: author.username,
            textOriginal: text,
            publishedAt: new Date().toISOString(),
          });
          return {
            platform: 'youtube',
            kind: 'comment',
            platformMessageId: id,
            dedupeKey: dedupeKeyOf('youtube', 'comment', id),
            from: author,
            collected: await collect('collect-youtube'),
          };
        },
        credentials: () => [
          fake.clientSecret,
          ...fake.state.accessTokens.keys(),
          ...fake.state.refreshTokens.keys(),
        ],
        replies: () =>
          fake.state.inserted.map((reply) => ({
            id: reply.id,
            to: names.get(reply.parentId ?? '') ?? reply.parentId ?? '',
            toId: reply.parentId ?? '',
            text: reply.textOriginal,
          })),
      },
      detail: `fake Google OAuth and YouTube Data API at ${fake.url}, channel "${DEMO_YOUTUBE.channel.title}"; comments collected by the collect-youtube schedule (adaptive polling)`,
      stop: fake.stop,
    };
  },
};
