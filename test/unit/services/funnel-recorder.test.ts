import { describe, expect, it } from 'vitest';
import type { FunnelCell, FunnelCounter } from '../../../shared/domain/analytics/funnel';
import { type SendRecord, TOUCH_MARKS, type TouchStep } from '../../../shared/domain/delivery/send-record';
import type { IncomingMessage } from '../../../shared/domain/messages/incoming-message';
import { FunnelRecorder } from '../../../shared/services/analytics/funnel-recorder';
import type { FunnelCellKey, FunnelStore, TouchStore } from '../../../shared/services/analytics/ports';

/** The counters as a list of `<day> <scenario> <media> <counter>[#version]`, one per ADD. */
class RecordingFunnelStore implements FunnelStore {
  adds: string[] = [];
  async add(_ws: string, cell: FunnelCellKey, counters: FunnelCounter[], variantId: string | null) {
    for (const counter of counters)
      this.adds.push(
        `${cell.day} ${cell.scenarioId} ${cell.mediaId} ${counter}${variantId ? `#${variantId}` : ''}`,
      );
  }
  async cells(): Promise<FunnelCell[]> {
    return [];
  }
}

/** Send records with marks set once, as the conditional write does. */
class InMemoryTouchStore implements TouchStore {
  constructor(readonly records: SendRecord[]) {}
  async recent() {
    return this.records.map((record) => ({ ...record }));
  }
  async mark(_ws: string, key: string, steps: TouchStep[], at: string) {
    const record = this.records.find((r) => r.idempotencyKey === key)!;
    const fresh = steps.filter((step) => record[TOUCH_MARKS[step]] === undefined);
    for (const step of fresh) record[TOUCH_MARKS[step]] = at;
    return fresh;
  }
}

const dm = (overrides: Partial<SendRecord>): SendRecord => ({
  workspaceId: 'ws1',
  idempotencyKey: 'instagram:comment:c1#private_reply',
  dedupeKey: 'instagram:comment:c1',
  action: 'private_reply',
  status: 'sent',
  attempt: 1,
  startedAt: '2026-03-10T10:00:00.000Z',
  createdAt: '2026-03-10T10:00:00.000Z',
  quotaDay: '2026-03-10',
  providerMessageId: 'mid-1',
  text: 'Bonjour',
  explanation: 'sent',
  attempts: [],
  updatedAt: '2026-03-10T10:00:00.000Z',
  leadId: 'lead-1',
  scenarioId: 'scn-1',
  author: 'bot',
  mediaId: 'media-1',
  variantId: 'B',
  funnelDay: '2026-03-10',
  dm: true,
  ...overrides,
});

const incoming = (overrides: Partial<IncomingMessage>): IncomingMessage => ({
  dedupeKey: 'instagram:message:m2',
  workspaceId: 'ws1',
  accountId: 'acc1',
  platform: 'instagram',
  kind: 'dm',
  platformMessageId: 'm2',
  conversationId: null,
  mediaId: null,
  parentId: null,
  story: null,
  author: { platformUserId: 'igsid-1', username: 'lea', displayName: null },
  text: 'oui',
  payload: null,
  occurredAt: '2026-03-12T09:00:00.000Z',
  source: 'webhook',
  actionable: true,
  correlationId: 'c',
  ...overrides,
});

const setup = (records: SendRecord[]) => {
  const cells = new RecordingFunnelStore();
  const touches = new InMemoryTouchStore(records);
  const recorder = new FunnelRecorder(cells, touches, () => new Date('2026-03-12T09:00:01.000Z'));
  return { cells, touches, recorder };
};

describe('Class: FunnelRecorder', () => {
  describe('Method: decided', () => {
    it("adds the message's counters on its own day, post and version, once each", async () => {
      // Prepare
      const { cells, recorder } = setup([]);
      const comment = incoming({
        kind: 'comment',
        mediaId: 'media-9',
        occurredAt: '2026-03-11T23:59:00.000Z',
      });
      // Act
      await recorder.decided(comment, { id: 'scn-1' }, 'A', [
        { action: 'reply', status: 'sent' },
        { action: 'private_reply', status: 'already_sent' },
      ]);
      // Assess
      expect(cells.adds).toEqual([
        '2026-03-11 scn-1 media-9 triggered#A',
        '2026-03-11 scn-1 media-9 repliedPublicly#A',
        '2026-03-11 scn-1 media-9 sent#A',
      ]);
    });

    it('counts a trigger whose DM waits (quota reached) without counting it sent', async () => {
      // Prepare
      const { cells, recorder } = setup([]);
      // Act
      await recorder.decided(incoming({ kind: 'comment', mediaId: 'media-9' }), { id: 'scn-1' }, null, [
        { action: 'private_reply', status: 'quota_blocked' },
      ]);
      // Assess
      expect(cells.adds).toEqual(['2026-03-12 scn-1 media-9 triggered']);
    });
  });

  describe('Method: personActed', () => {
    it('counts a read receipt once on the day and version of the DM it names, delivered included', async () => {
      // Prepare
      const { cells, recorder } = setup([dm({})]);
      const seen = incoming({ kind: 'read', receipt: { status: 'read', mids: ['mid-1'], watermark: null } });
      // Act
      await recorder.personActed(seen, 'lead-1');
      await recorder.personActed({ ...seen, dedupeKey: 'instagram:message:read-again' }, 'lead-1');
      // Assess
      expect(cells.adds).toEqual(['2026-03-10 scn-1 media-1 delivered#B', '2026-03-10 scn-1 media-1 read#B']);
    });

    it("reads Messenger's watermark as every DM sent before it, and a delivery as delivered only", async () => {
      // Prepare
      const older = dm({
        idempotencyKey: 'k-old',
        providerMessageId: 'mid-old',
        createdAt: '2026-03-10T09:00:00.000Z',
      });
      const newer = dm({
        idempotencyKey: 'k-new',
        providerMessageId: 'mid-new',
        createdAt: '2026-03-10T11:00:00.000Z',
      });
      const { cells, recorder } = setup([newer, older]);
      // Act
      await recorder.personActed(
        incoming({
          kind: 'read',
          receipt: { status: 'delivered', mids: [], watermark: '2026-03-10T10:00:00.000Z' },
        }),
        'lead-1',
      );
      // Assess
      expect(cells.adds).toEqual(['2026-03-10 scn-1 media-1 delivered#B']);
    });

    it('credits an answer and a phone to the last scenario DM before the message, never to one sent for this very message', async () => {
      // Prepare
      const answeredByThisMessage = dm({
        idempotencyKey: 'k-this',
        dedupeKey: 'instagram:message:m2',
        scenarioId: 'scn-2',
      });
      const { cells, recorder } = setup([answeredByThisMessage, dm({})]);
      // Act
      await recorder.personActed(incoming({ text: 'oui, mon numéro 06 12 34 56 78' }), 'lead-1');
      await recorder.personActed(
        incoming({ dedupeKey: 'instagram:message:m3', text: 'lea@example.fr' }),
        'lead-1',
      );
      // Assess
      // The first message answers scn-1's DM (scn-2's was its own answer); the next one answers scn-2's.
      expect(cells.adds).toEqual([
        '2026-03-10 scn-1 media-1 answered#B',
        '2026-03-10 scn-1 media-1 contactCaptured#B',
        '2026-03-10 scn-2 media-1 answered#B',
        '2026-03-10 scn-2 media-1 contactCaptured#B',
      ]);
    });

    it('ignores public replies, members’ replies and the account’s own echoes', async () => {
      // Prepare
      const { cells, recorder } = setup([
        dm({ dm: false, action: 'reply' }),
        dm({ idempotencyKey: 'k-h', author: 'human' }),
      ]);
      // Act
      await recorder.personActed(incoming({}), 'lead-1');
      await recorder.personActed(incoming({ echo: { appId: null } }), 'lead-1');
      // Assess
      expect(cells.adds).toEqual([]);
    });
  });

  describe('Method: won', () => {
    it('credits the last scenario DM once, however often the lead is set won', async () => {
      // Prepare
      const { cells, recorder } = setup([dm({})]);
      // Act
      await recorder.won('ws1', 'lead-1');
      await recorder.won('ws1', 'lead-1');
      // Assess
      expect(cells.adds).toEqual(['2026-03-10 scn-1 media-1 won#B']);
    });
  });
});
