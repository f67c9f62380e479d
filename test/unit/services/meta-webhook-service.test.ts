import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { IncomingMessage } from '../../../shared/domain/messages/incoming-message';
import { hubSignatureOf } from '../../../shared/domain/meta/hub-signature';
import { InvalidJsonError, UnauthorizedError, ValidationError } from '../../../shared/errors';
import type { MentionedCommentReader } from '../../../shared/services/meta/ports';
import { MetaWebhookService } from '../../../shared/services/meta/webhook-service';
import type { QueueMessage, QueueName } from '../../../shared/services/queue/ports';
import type { SocialAccount } from '../../../shared/services/social/ports';

const APP_SECRET = 'meta-app-secret-for-unit-tests';
const IG_ACCOUNT = '17841400000000001';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../fixtures/meta/${name}.json`, import.meta.url), 'utf8')).payload;

function account(overrides: Partial<SocialAccount> = {}): SocialAccount {
  return {
    id: 'acc-ig',
    workspaceId: 'ws-a',
    provider: 'meta',
    platform: 'instagram',
    externalId: IG_ACCOUNT,
    displayName: 'Fleurs de Léa',
    status: 'active',
    sealedCredentials: { v: 1, wrappedKey: 'k', iv: 'i', tag: 't', ciphertext: 'c' },
    tokenExpiresAt: null,
    connectedAt: '2026-01-01T00:00:00.000Z',
    lastEventAt: null,
    lastError: null,
    collectCursor: null,
    details: {},
    ...overrides,
  };
}

/** `null`: no workspace owns the account. */
function world(
  owner: SocialAccount | null = account(),
  options: { queueDown?: true; mentions?: MentionedCommentReader } = {},
) {
  const published: Array<{ queue: QueueName; messages: QueueMessage[] }> = [];
  const lookups: string[] = [];
  const events: string[] = [];
  const service = new MetaWebhookService(
    {
      ownerOf: async (platform, externalId) => {
        lookups.push(`${platform}#${externalId}`);
        return owner && owner.externalId === externalId ? owner : undefined;
      },
    },
    {
      publish: async (queue, messages) => {
        if (options.queueDown) throw new Error('SendMessageBatch: service unavailable');
        published.push({ queue, messages });
      },
    },
    { appSecret: APP_SECRET, verifyToken: 'verify-me', appId: 'flowia-app-id' },
    { recordEvent: async (a) => void events.push(a.id) },
    options.mentions,
  );
  const signed = (payload: unknown) => {
    const raw = Buffer.from(JSON.stringify(payload));
    return { raw, signature: hubSignatureOf(raw, APP_SECRET) };
  };
  const bodies = () => published.flatMap((p) => p.messages.map((m) => m.body as IncomingMessage));
  return { service, published, lookups, events, signed, bodies };
}

describe('Class: MetaWebhookService', () => {
  describe('Method: verifySubscription', () => {
    it('answers the challenge only for subscribe with the exact verify token', () => {
      // Prepare
      const { service } = world();

      // Act
      const ok = service.verifySubscription({
        'hub.mode': 'subscribe',
        'hub.verify_token': 'verify-me',
        'hub.challenge': '1158201444',
      });
      const wrongToken = service.verifySubscription({
        'hub.mode': 'subscribe',
        'hub.verify_token': 'verify-mE',
        'hub.challenge': '1158201444',
      });
      const wrongMode = service.verifySubscription({
        'hub.mode': 'unsubscribe',
        'hub.verify_token': 'verify-me',
        'hub.challenge': '1158201444',
      });

      // Assess
      expect(ok).toBe('1158201444');
      expect(wrongToken).toBeUndefined();
      expect(wrongMode).toBeUndefined();
    });
  });

  describe('Method: receive', () => {
    it("publishes Meta's example DM once, routed to the workspace that owns the account", async () => {
      // Prepare
      const w = world();
      const { raw, signature } = w.signed(fixture('messages-text'));

      // Act
      const receipt = await w.service.receive(raw, signature, 'corr-1');

      // Assess
      expect(receipt).toEqual({ published: 1, skipped: 0 });
      expect(w.published.map((p) => p.queue)).toEqual(['incomingMessages']);
      expect(w.bodies()).toEqual([
        expect.objectContaining({
          workspaceId: 'ws-a',
          accountId: 'acc-ig',
          platform: 'instagram',
          kind: 'dm',
          platformMessageId: 'aWdfZAG1faWQ6text',
          text: 'Bonjour, la box est dispo ?',
          source: 'webhook',
          correlationId: 'corr-1',
        }),
      ]);
      expect(w.events).toEqual(['acc-ig']);
    });

    it('refuses a wrong or missing signature before it parses anything', async () => {
      // Prepare
      const w = world();
      const { raw } = w.signed(fixture('messages-text'));
      const forged = hubSignatureOf(raw, 'not-the-app-secret');

      // Act
      const attempts = [
        w.service.receive(raw, forged, 'c'),
        w.service.receive(raw, undefined, 'c'),
        w.service.receive(Buffer.from('{not json'), forged, 'c'),
      ];

      // Assess
      for (const attempt of attempts) await expect(attempt).rejects.toBeInstanceOf(UnauthorizedError);
      expect(w.published).toEqual([]);
      expect(w.lookups).toEqual([]);
    });

    it('names bad JSON and a payload that is not a Meta webhook as client errors', async () => {
      // Prepare
      const w = world();
      const notJson = Buffer.from('{"object": "instagram",');
      const notMeta = w.signed({ hello: 'world' });

      // Act
      const badJson = w.service.receive(notJson, hubSignatureOf(notJson, APP_SECRET), 'c');
      const badShape = w.service.receive(notMeta.raw, notMeta.signature, 'c');

      // Assess
      await expect(badJson).rejects.toBeInstanceOf(InvalidJsonError);
      await expect(badShape).rejects.toBeInstanceOf(ValidationError);
      expect(w.published).toEqual([]);
    });

    it('drops events of accounts no workspace owns, or whose account is not active, without publishing', async () => {
      // Prepare
      const unknown = world(null);
      const paused = world(account({ status: 'needs_reconnect' }));
      const payload = fixture('messages-text');

      // Act
      const a = unknown.signed(payload);
      const b = paused.signed(payload);
      const unknownReceipt = await unknown.service.receive(a.raw, a.signature, 'c');
      const pausedReceipt = await paused.service.receive(b.raw, b.signature, 'c');

      // Assess
      expect(unknownReceipt).toEqual({ published: 0, skipped: 1 });
      expect(pausedReceipt).toEqual({ published: 0, skipped: 1 });
      expect([...unknown.published, ...paused.published]).toEqual([]);
      expect(paused.events).toEqual([]);
    });

    it('publishes a batch in one call, once per message, looking each account up once', async () => {
      // Prepare: Meta batches entries; the same message delivered twice in one batch is one message.
      const w = world();
      const dm = fixture('messages-text');
      const comment = fixture('comments-facebook-login');
      const batch = { object: 'instagram', entry: [...dm.entry, ...dm.entry, ...comment.entry] };
      const { raw, signature } = w.signed(batch);

      // Act
      const receipt = await w.service.receive(raw, signature, 'c');

      // Assess
      expect(receipt).toEqual({ published: 2, skipped: 0 });
      expect(w.published).toHaveLength(1);
      expect(
        w
          .bodies()
          .map((m) => m.kind)
          .sort(),
      ).toEqual(['comment', 'dm']);
      expect(w.lookups).toEqual([`instagram#${IG_ACCOUNT}`]);
    });

    it('lets a queue failure reach the caller, recording no event, so the webhook is not acknowledged and Meta redelivers', async () => {
      // Prepare
      const w = world(account(), { queueDown: true });
      const { raw, signature } = w.signed(fixture('messages-text'));

      // Act
      const failure = await w.service.receive(raw, signature, 'c').catch((error: unknown) => error);

      // Assess
      expect(failure).toBeInstanceOf(Error);
      expect((failure as Error).message).toMatch(/SendMessageBatch/);
      expect(w.events).toEqual([]);
    });

    it("drops the echo of Flow IA's own send, and queues an echo another app (or the Instagram app) sent", async () => {
      // Prepare
      const ours = world();
      const theirs = world();
      const echo = fixture('messages-echo');
      const withApp = (appId: string) => {
        const payload = structuredClone(echo);
        payload.entry[0].messaging[0].message.app_id = appId;
        return payload;
      };

      // Act
      const a = ours.signed(withApp('flowia-app-id'));
      const b = theirs.signed(withApp('another-app'));
      const ownReceipt = await ours.service.receive(a.raw, a.signature, 'c');
      const otherReceipt = await theirs.service.receive(b.raw, b.signature, 'c');

      // Assess
      expect(ownReceipt).toEqual({ published: 0, skipped: 0 });
      expect(ours.published).toEqual([]);
      expect(otherReceipt).toEqual({ published: 1, skipped: 0 });
    });

    it("reads a mention's text and author before queuing it, and queues it without them when Meta cannot be read", async () => {
      // Prepare: Meta's mentions example carries only comment_id and media_id
      const owner = account({ externalId: '17841405726653026' });
      const read: string[] = [];
      const readable = world(owner, {
        mentions: {
          read: async (_a, commentId) => {
            read.push(commentId);
            return { text: '@fleursdelea vous livrez ?', username: 'lea', timestamp: null };
          },
        },
      });
      const unreadable = world(owner, {
        mentions: {
          read: async () => {
            throw new Error('Graph unavailable');
          },
        },
      });
      const payload = fixture('mentions-comment');

      // Act
      const a = readable.signed(payload);
      const b = unreadable.signed(payload);
      await readable.service.receive(a.raw, a.signature, 'c');
      await unreadable.service.receive(b.raw, b.signature, 'c');

      // Assess
      expect(read).toEqual(['17894227972186120']);
      const [found] = readable.bodies();
      const [fallback] = unreadable.bodies();
      expect(found).toMatchObject({
        kind: 'comment',
        mention: true,
        text: '@fleursdelea vous livrez ?',
        author: { platformUserId: '@lea', username: 'lea' },
      });
      expect(fallback).toMatchObject({
        mention: true,
        text: '',
        author: { platformUserId: 'mention:17894227972186120' },
      });
      // The same comment: a redelivery after Meta could be read dedupes against the fallback.
      expect(fallback?.dedupeKey).toBe(found?.dedupeKey);
    });

    it('publishes nothing for events Flow IA does not answer (reactions)', async () => {
      // Prepare
      const w = world();
      const { raw, signature } = w.signed(fixture('message-reactions'));

      // Act
      const receipt = await w.service.receive(raw, signature, 'c');

      // Assess
      expect(receipt).toEqual({ published: 0, skipped: 0 });
      expect(w.published).toEqual([]);
    });
  });
});
