import { describe, expect, it } from 'vitest';
import { LinkedInProvider } from '../../../shared/adapters/linkedin/linkedin-provider';
import { LinkedInService } from '../../../shared/services/linkedin/linkedin-service';
import type { QueueMessage, QueueName } from '../../../shared/services/queue/ports';
import type { OutgoingMessage } from '../../../shared/services/social/ports';
import { InMemorySocialAccountStore } from '../../support/in-memory/engine-stores';
import {
  InMemoryLinkedInGuardStore,
  InMemoryLinkedInInboxStore,
  InMemoryLinkedInJobStore,
  verifiedLinkedInAccount,
} from '../../support/in-memory/linkedin-stores';

// An injected clock: Wednesday 25 Nov 2026, 10:20 UTC.
const NOW = Date.parse('2026-11-25T10:20:00.000Z');
const WS = 'ws-li';
const SELF = 'camille-martin';
const THREAD = '2-thread';

const account = verifiedLinkedInAccount;

const dm = (overrides: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  action: 'dm',
  text: 'Bonjour Léa, 490 € HT.',
  recipient: {
    platformUserId: 'lea-dubois',
    commentId: null,
    conversationId: THREAD,
    mediaId: null,
  },
  idempotencyKey: 'int-1#dm',
  ...overrides,
});

/** The provider over a real LinkedInService with in-memory stores, a recording queue and a fixed clock. */
function world(options: { plan?: string } = {}) {
  let now = NOW;
  const jobs = new InMemoryLinkedInJobStore();
  const inbox = new InMemoryLinkedInInboxStore();
  const published: Array<{ queue: QueueName; messages: QueueMessage[] }> = [];
  const unreachable = async () => {
    throw new Error('not reached by the provider');
  };
  const service = new LinkedInService({
    accounts: new InMemorySocialAccountStore(),
    jobs,
    inbox,
    guard: new InMemoryLinkedInGuardStore(),
    terms: { get: unreachable, acknowledge: unreachable },
    vault: { sealJson: unreachable, openJson: unreachable },
    queue: { publish: async (queue, messages) => void published.push({ queue, messages }) },
    timeZoneOf: async () => 'Europe/Paris',
    planOf: async () => options.plan ?? 'ultra',
    dms: { reserve: unreachable, release: unreachable },
    clock: { now: () => new Date(now) },
    dailyMessageLimit: 25,
  });
  const provider = new LinkedInProvider(service, inbox);
  const synced = (texts: Array<{ id: string; from: string; at: string }>) =>
    inbox.putMessages(
      WS,
      account.id,
      texts.map((m) => ({
        id: m.id,
        conversationId: THREAD,
        senderProfileId: m.from,
        senderName: m.from === SELF ? 'Camille Martin' : 'Léa Dubois',
        text: `message ${m.id}`,
        sentAt: m.at,
      })),
      SELF,
    );
  return { provider, jobs, published, synced, advance: (ms: number) => (now += ms) };
}

describe('Class: LinkedInProvider', () => {
  describe('Method: send', () => {
    it('queues one browser job per idempotency key: a retried step finds the same job and publishes nothing', async () => {
      // Prepare
      const w = world();

      // Act
      const first = await w.provider.send(account, dm());
      const retried = await w.provider.send(account, dm());
      const other = await w.provider.send(account, dm({ idempotencyKey: 'int-2#dm' }));

      // Assess
      expect(first).toMatchObject({ status: 'queued' });
      expect(retried).toEqual(first);
      expect(other.status === 'queued' && other.providerMessageId).not.toBe(
        first.status === 'queued' && first.providerMessageId,
      );
      expect(w.jobs.jobs.size).toBe(2);
      expect(w.published.map((p) => [p.queue, p.messages.length])).toEqual([
        ['browserLinkedIn', 1],
        ['browserLinkedIn', 1],
      ]);
      const job = [...w.jobs.jobs.values()][0];
      expect(job).toMatchObject({
        kind: 'send',
        status: 'queued',
        conversationId: THREAD,
        text: 'Bonjour Léa, 490 € HT.',
        idempotencyKey: 'int-1#dm',
      });
      expect(first.status === 'queued' && first.providerMessageId).toBe(`linkedin-job:${job?.id}`);
    });

    it('refuses comment replies and private replies as not supported, queuing nothing', async () => {
      // Prepare
      const w = world();
      const onComment = { ...dm().recipient, commentId: 'urn:li:comment:1' };

      // Act
      const reply = await w.provider.send(account, dm({ action: 'reply', recipient: onComment }));
      const privateReply = await w.provider.send(
        account,
        dm({ action: 'private_reply', recipient: onComment }),
      );

      // Assess
      for (const result of [reply, privateReply])
        expect(result).toMatchObject({
          status: 'failed',
          failure: { code: 'not_supported', retryable: false },
        });
      expect(w.jobs.jobs.size).toBe(0);
      expect(w.published).toEqual([]);
    });

    it('refuses, without retry, an account to reconnect, a paused one and a message with no conversation', async () => {
      // Prepare
      const w = world();
      const expired = {
        ...account,
        status: 'needs_reconnect' as const,
        lastError: 'LinkedIn logged us out.',
      };
      const paused = { ...account, status: 'paused' as const, lastError: null };

      // Act
      const results = [
        await w.provider.send(expired, dm()),
        await w.provider.send(paused, dm()),
        await w.provider.send(account, dm({ recipient: { ...dm().recipient, conversationId: null } })),
      ];

      // Assess
      expect(results.map((r) => r.status === 'failed' && [r.failure.code, r.failure.retryable])).toEqual([
        ['auth_expired', false],
        ['permission_denied', false],
        ['invalid_request', false],
      ]);
      expect(results[0]).toMatchObject({ failure: { explanation: 'LinkedIn logged us out.' } });
      expect(w.jobs.jobs.size).toBe(0);
      expect(w.published).toEqual([]);
    });
  });

  describe('Method: collect', () => {
    it("brings the members' synced DMs after the cursor, never our own, and moves the cursor past them", async () => {
      // Prepare
      const w = world();
      await w.synced([
        { id: 'urn:li:msg:1', from: 'lea-dubois', at: '2026-11-25T09:58:00.000Z' },
        { id: 'urn:li:msg:2', from: SELF, at: '2026-11-25T09:59:00.000Z' },
        { id: 'urn:li:msg:3', from: 'lea-dubois', at: '2026-11-25T10:05:00.000Z' },
      ]);

      // Act
      const first = await w.provider.collect(account, null);
      const again = await w.provider.collect(account, first.nextCursor);

      // Assess
      expect(first.messages.map((m) => [m.platformMessageId, m.kind, m.author.platformUserId])).toEqual([
        ['urn:li:msg:1', 'dm', 'lea-dubois'],
        ['urn:li:msg:3', 'dm', 'lea-dubois'],
      ]);
      expect(first.messages[0]).toMatchObject({
        workspaceId: WS,
        accountId: account.id,
        platform: 'linkedin',
        conversationId: THREAD,
        dedupeKey: expect.stringContaining('urn:li:msg:1'),
        source: 'collector',
      });
      expect(first.nextCursor).toBe('2026-11-25T10:05:00.000Z#urn:li:msg:3');
      expect(again).toEqual({ messages: [], nextCursor: first.nextCursor });
    });

    it('asks for at most one sync an hour, and none for an account that is not active or a plan without LinkedIn', async () => {
      // Prepare
      const w = world();
      const lapsed = world({ plan: 'premium' });

      // Act
      await w.provider.collect(account, null);
      await w.provider.collect(account, null);
      w.advance(3_600_000);
      await w.provider.collect(account, null);
      w.advance(3_600_000);
      await w.provider.collect({ ...account, status: 'needs_reconnect' }, null);
      await lapsed.provider.collect(account, null);

      // Assess
      expect([...w.jobs.jobs.values()].map((j) => j.kind)).toEqual(['sync', 'sync']);
      expect(w.published).toHaveLength(2);
      expect(lapsed.jobs.jobs.size).toBe(0);
    });
  });
});
