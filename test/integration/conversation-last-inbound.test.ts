import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type AttributeValue, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable, startDynalite } from '../../infra/local/dynamo';
import type { DynamoTable } from '../../shared/adapters/dynamo/client';
import { DynamoContactDataStore } from '../../shared/adapters/dynamo/contact-data-store';
import { DynamoConversationStore } from '../../shared/adapters/dynamo/conversation-store';
import * as keys from '../../shared/adapters/dynamo/keys';
import { LinkedInProvider } from '../../shared/adapters/linkedin/linkedin-provider';
import { OAuthCommentProvider } from '../../shared/adapters/social/oauth-comment-provider';
import { parseComment } from '../../shared/adapters/tiktok/tiktok-business-api';
import { TikTokProvider } from '../../shared/adapters/tiktok/tiktok-provider';
import { GoogleYouTubeApi } from '../../shared/adapters/youtube/youtube-api';
import { YouTubeProvider } from '../../shared/adapters/youtube/youtube-provider';
import { isThreadKind } from '../../shared/domain/conversations/conversation';
import { leadIdOf } from '../../shared/domain/leads/lead';
import { type IncomingMessage, incomingMessageSchema } from '../../shared/domain/messages/incoming-message';
import { hubSignatureOf } from '../../shared/domain/meta/hub-signature';
import { HumanReplyService } from '../../shared/services/conversations/human-reply-service';
import { InboxRecorder } from '../../shared/services/conversations/inbox-recorder';
import type { SendRequest } from '../../shared/services/engine/sender';
import { MetaWebhookService } from '../../shared/services/meta/webhook-service';
import type { SocialAccount } from '../../shared/services/social/ports';
import { testAccount } from '../support/accounts';
import { tableAt } from '../support/dynamo-table';

/**
 * The conversation item stores its last incoming message without what the item already holds (see
 * DynamoConversationStore): each message the sources produce — every Meta webhook fixture through the webhook
 * service, TikTok and YouTube comments through their providers' mapping of the official responses, a LinkedIn
 * DM through the collector — must come back deep-equal, and reach the Sender of a human reply exactly as it was.
 */
const dynaliteItemSize = createRequire(import.meta.url)('dynalite/db').itemSize as (
  item: Record<string, AttributeValue>,
) => number;

const WS = 'ws-inbound';
const APP_SECRET = 'app-secret-for-the-round-trip';

let stop: () => Promise<void>;
let table: DynamoTable;
let raw: DynamoDBClient;
beforeAll(async () => {
  const server = await startDynalite(undefined);
  stop = () => server.stop();
  await ensureTable(server.endpoint, 'inbound-test');
  table = tableAt(server.endpoint, 'inbound-test');
  raw = new DynamoDBClient({
    endpoint: server.endpoint,
    region: 'local',
    credentials: { accessKeyId: 'flowia-test', secretAccessKey: 'flowia-test' },
  });
}, 60_000);
afterAll(async () => {
  table?.client.destroy();
  raw?.destroy();
  await stop?.();
});

function account(platform: SocialAccount['platform'], externalId = `ext-${platform}`): SocialAccount {
  return testAccount(WS, {
    id: `acc-${platform}`,
    provider: platform === 'instagram' || platform === 'facebook' ? 'meta' : platform,
    platform,
    externalId,
    displayName: 'Fleurs de Léa',
  } as Partial<SocialAccount>);
}

const fixture = (path: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8'));

/** Every message the webhook service queues for the Meta fixtures (echoes from another app included). */
async function metaMessages(): Promise<IncomingMessage[]> {
  const published: IncomingMessage[] = [];
  const service = new MetaWebhookService(
    { ownerOf: async (platform, externalId) => account(platform, externalId) },
    {
      publish: async (_queue, messages) =>
        void published.push(...messages.map((m) => m.body as IncomingMessage)),
    },
    { appSecret: APP_SECRET, verifyToken: 'v', appId: 'flowia-app-id' },
    { recordEvent: async () => {} },
    {
      read: async () => ({
        text: 'Vous livrez à Lyon ?',
        username: 'lea.fleurs',
        timestamp: '2026-03-01T10:00:00+0000',
      }),
    },
  );
  const names = [
    'comments-facebook-login',
    'mentions-comment',
    'message-deliveries',
    'message-echoes-text',
    'messages-echo',
    'messages-inline-reply',
    'messages-quick-reply',
    'messages-story-reply',
    'messages-text',
    'messaging-postbacks',
    'messaging-seen',
    'story-mention',
  ];
  // A Page feed reply to a comment (https://developers.facebook.com/docs/graph-api/webhooks/reference/page/#feed),
  // as in the webhook events' unit test: there is no fixture of a Facebook comment.
  const feedReply = {
    object: 'page',
    entry: [
      {
        id: 'page1',
        time: 1764072000,
        changes: [
          {
            field: 'feed',
            value: {
              item: 'comment',
              verb: 'add',
              comment_id: 'post1_c2',
              post_id: 'post1',
              parent_id: 'post1_c1',
              message: 'Et pour un mariage ?',
              from: { id: 'u9', name: 'Léa' },
              created_time: 1764072000,
            },
          },
        ],
      },
    ],
  };
  const payloads = [...names.map((name) => fixture(`meta/${name}.json`).payload), feedReply];
  for (const [i, payload] of payloads.entries()) {
    const body = Buffer.from(JSON.stringify(payload));
    await service.receive(body, hubSignatureOf(body, APP_SECRET), `corr-${i}`);
  }
  return published;
}

/**
 * The providers' own mapping, without their HTTP clients (toMessage reads only the account and the comment). The
 * TikTok comments are collected the day after they were written (answerable), the YouTube ones years later (not).
 */
function commentProvider(name: 'tiktok' | 'youtube') {
  const at = name === 'tiktok' ? '2021-07-31T00:00:00.000Z' : '2030-01-01T00:00:00.000Z';
  return {
    name,
    now: () => new Date(at),
    commentMessage: (OAuthCommentProvider.prototype as any).commentMessage,
  };
}

function tiktokMessages(): IncomingMessage[] {
  // The listed comments, and the comment object of a reply (the reply endpoint's response: a comment with its
  // parent_comment_id), as a reply to a comment.
  const comments = [
    ...fixture('tiktok/business-comment-list.json').body.data.comments,
    fixture('tiktok/business-comment-reply-create.json').body.data,
  ];
  return comments.map((c: Record<string, unknown>) =>
    incomingMessageSchema.parse(
      (TikTokProvider.prototype as any).toMessage.call(
        commentProvider('tiktok'),
        account('tiktok'),
        parseComment(c, String(c.video_id)),
      ),
    ),
  );
}

async function youtubeMessages(): Promise<IncomingMessage[]> {
  const responses = [
    fixture('youtube/comment-threads-list.json'),
    fixture('youtube/comments-list-replies.json'),
  ];
  const api = new GoogleYouTubeApi({} as never, 'https://youtube.example', {
    fetchFn: async () => new Response(JSON.stringify(responses.shift()!.payload), { status: 200 }),
  });
  const threads = await api.commentThreads('token', { channelId: 'UC', maxResults: 20 });
  const replies = await api.replies('token', { parentId: threads.items[0]!.id, maxResults: 20 });
  const comments = [
    ...threads.items.flatMap((t) => [t.topLevelComment, ...t.replies]),
    ...replies.items.map((r) => ({ ...r, videoId: threads.items[0]!.videoId })),
  ];
  return comments.map((c) =>
    incomingMessageSchema.parse(
      (YouTubeProvider.prototype as any).toMessage.call(commentProvider('youtube'), account('youtube'), c),
    ),
  );
}

async function linkedinMessages(): Promise<IncomingMessage[]> {
  const fake = {
    service: { enqueueHourlySync: async () => {} },
    inbox: {
      messagesAfter: async () => [
        {
          id: '2-MTY4NjA0NjQxMjM0NQ==',
          conversationId: '2-ZmI0NzQ2YjgtNjA1Mi00ZjI4',
          senderProfileId: 'ACoAAB1234567',
          senderName: 'Léa Martin',
          text: 'Bonjour, vous êtes disponible jeudi ?',
          sentAt: '2026-03-01T10:00:00.000Z',
          fromSelf: false,
          position: '2026-03-01T10:00:00.000Z#1',
        },
      ],
    },
  };
  const { messages } = await LinkedInProvider.prototype.collect.call(
    fake as never,
    account('linkedin'),
    null,
  );
  return messages.map((m) => incomingMessageSchema.parse(m));
}

let all: IncomingMessage[];
beforeAll(async () => {
  all = [
    ...(await metaMessages()),
    ...tiktokMessages(),
    ...(await youtubeMessages()),
    ...(await linkedinMessages()),
  ];
});

const leadOf = (m: IncomingMessage) => leadIdOf(WS, m.platform, m.author.platformUserId);

async function storedItem(workspaceId: string, leadId: string) {
  const { Item } = await raw.send(
    new GetItemCommand({
      TableName: 'inbound-test',
      Key: {
        pk: { S: keys.conversation(workspaceId, leadId).pk },
        sk: { S: keys.conversation(workspaceId, leadId).sk },
      },
      ConsistentRead: true,
    }),
  );
  return Item!;
}

describe('The conversation item stores its last incoming message slimmed', () => {
  it('covers every platform and kind the sources produce', () => {
    const seen = new Set(all.map((m) => `${m.platform}:${m.kind}`));
    for (const kind of [
      'instagram:dm',
      'instagram:comment',
      'instagram:story_reply',
      'instagram:story_mention',
      'instagram:postback',
      'instagram:read',
      'facebook:comment',
      'facebook:dm',
      'facebook:read',
      'tiktok:comment',
      'youtube:comment',
      'linkedin:dm',
    ])
      expect(seen).toContain(kind);
    expect(all.some((m) => m.platform === 'facebook' && m.parentId && m.mediaId)).toBe(true);
    expect(all.some((m) => m.platform === 'tiktok' && m.parentId && m.mediaId)).toBe(true);
    expect(all.some((m) => m.platform === 'youtube' && m.parentId && m.mediaId)).toBe(true);
    expect(all.some((m) => m.mention)).toBe(true);
    expect(all.some((m) => m.echo)).toBe(true);
    expect(all.some((m) => m.payload)).toBe(true);
    expect(all.some((m) => m.story)).toBe(true);
    expect(all.some((m) => m.platform === 'tiktok' && m.actionable)).toBe(true);
    expect(all.some((m) => !m.actionable)).toBe(true);
  });

  it('gives back each message deep-equal, and sends exactly it through a human reply', async () => {
    const store = new DynamoConversationStore(table);
    const recorder = new InboxRecorder(store);
    for (const [i, message] of all.entries()) {
      // One lead per message: each is the conversation's newest.
      const leadId = `${leadOf(message)}-${i}`;
      if (isThreadKind(message.kind)) await recorder.recordIncoming(message, leadId);
      else
        await store.change(WS, leadId, () => ({
          platform: message.platform,
          accountId: message.accountId,
          contact: { ...message.author },
          lastInboundAt: message.occurredAt,
          lastInbound: message,
        }));
      const record = await store.record(WS, leadId);
      expect(record?.lastInbound, `${message.platform}:${message.kind}`).toStrictEqual(message);
      const stored = await storedItem(WS, leadId);
      expect(stored.lastInbound?.M?.workspaceId).toBeUndefined();

      const sent: SendRequest[] = [];
      const replies = new HumanReplyService({
        leads: { get: async () => ({}) },
        store,
        gate: { pause: async () => {} } as never,
        sender: {
          send: async (request) => {
            sent.push(request);
            return { status: 'sent' } as never;
          },
        },
        records: { get: async () => undefined },
        humanAgentEnabled: true,
        now: () => new Date(Date.parse(message.occurredAt) + 60_000),
      });
      await replies.reply(WS, leadId, 'user-1', 'Oui, bien sûr !', `key-${i}`);
      expect(sent[0]?.message, `${message.platform}:${message.kind}`).toStrictEqual(message);
      // The reply moved lastMessageText and the status: the message it answered is still whole.
      expect((await store.record(WS, leadId))?.lastInbound).toStrictEqual(message);
    }
  });

  it('keeps a DM with a short text within one 1 KB write unit', async () => {
    // The fixture's DM with ids as long as the stage's: UUID workspace, account and correlation ids, an
    // Instagram mid and scoped user id of Meta's lengths.
    const fixtureDm = all.find((m) => m.platform === 'instagram' && m.kind === 'dm' && !m.echo)!;
    const workspaceId = '0b6f2c1e-5a4d-4f7e-9c3b-2d1e0f9a8b7c';
    const mid =
      'aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAxMjM0NTY3ODkwMToz' +
      'NDAyODIzNjY4NDE3MTAzMDA5NDkxMjgxNDU2Nzg5MDEyMzQ1Njc4OQZDZD';
    const dm: IncomingMessage = {
      ...fixtureDm,
      workspaceId,
      accountId: '5f1d3c2b-8e7a-4b6c-9d0e-1f2a3b4c5d6e',
      platformMessageId: mid,
      dedupeKey: `instagram:message:${mid}`,
      author: { platformUserId: '1784140123456789', username: 'lea.fleurs', displayName: null },
      text: "Bonjour, c'est combien le bouquet ?",
      correlationId: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b',
    };
    const leadId = leadIdOf(workspaceId, 'instagram', dm.author.platformUserId);
    const store = new DynamoConversationStore(table);
    await new InboxRecorder(store).recordIncoming(dm, leadId);
    await store.put(
      workspaceId,
      leadId,
      { botPaused: false, pausedReason: null, optedOut: false },
      dm.occurredAt,
    );
    expect((await store.record(workspaceId, leadId))?.lastInbound).toStrictEqual(dm);
    expect(dynaliteItemSize(await storedItem(workspaceId, leadId))).toBeLessThanOrEqual(1024);
  });

  it('stores the message again when a field it is stored against moves without it', async () => {
    const store = new DynamoConversationStore(table);
    const message = all.find((m) => m.platform === 'instagram' && m.kind === 'comment' && m.author.username)!;
    await new InboxRecorder(store).recordIncoming(message, 'lead-moved');
    await store.change(WS, 'lead-moved', () => ({
      contact: { ...message.author, username: 'renamed' },
      accountId: 'acc-other',
    }));
    expect((await store.record(WS, 'lead-moved'))?.lastInbound).toStrictEqual(message);
  });

  it('reads an item written with the whole message, and exports the whole message', async () => {
    const message = all.find((m) => m.kind === 'story_reply')!;
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          ...keys.conversation(WS, 'lead-old'),
          type: 'conversation',
          leadId: 'lead-old',
          platform: message.platform,
          accountId: message.accountId,
          contact: { ...message.author },
          status: 'open',
          lastMessageAt: message.occurredAt,
          lastMessageText: message.text,
          lastInboundAt: message.occurredAt,
          lastInbound: message,
          inboxVersion: 1,
        },
      }),
    );
    const store = new DynamoConversationStore(table);
    expect((await store.record(WS, 'lead-old'))?.lastInbound).toStrictEqual(message);
    // A change that leaves the message alone leaves it stored whole.
    await store.change(WS, 'lead-old', () => ({ status: 'closed' }));
    expect((await store.record(WS, 'lead-old'))?.lastInbound).toStrictEqual(message);

    const newer = { ...message, platformMessageId: 'newer', dedupeKey: 'instagram:message:newer' };
    await store.change(WS, 'lead-new', () => ({
      platform: newer.platform,
      accountId: newer.accountId,
      contact: { ...newer.author },
      lastInboundAt: newer.occurredAt,
      lastInbound: newer,
    }));
    const contacts = new DynamoContactDataStore(table);
    for (const [leadId, expected] of [
      ['lead-old', message],
      ['lead-new', newer],
    ] as const)
      expect((await contacts.collect(WS, leadId, '')).conversation?.lastInbound).toStrictEqual(expected);
  });
});
