import { describe, expect, it } from 'vitest';
import type { ConversationState } from '../../../shared/domain/conversations/automation';
import { AutomationGate } from '../../../shared/services/conversations/automation-gate';
import type {
  ConversationStateStore,
  StoredConversationState,
} from '../../../shared/services/conversations/ports';

/** An in-memory ConversationStateStore that records pausedAt like the DynamoDB one. */
class MemoryStateStore implements ConversationStateStore {
  readonly items = new Map<string, StoredConversationState>();
  async get(workspaceId: string, leadId: string) {
    return this.items.get(`${workspaceId}/${leadId}`);
  }
  async put(workspaceId: string, leadId: string, state: ConversationState, now: string) {
    const key = `${workspaceId}/${leadId}`;
    const before = this.items.get(key);
    this.items.set(key, { ...before, ...state, ...(state.botPaused ? { pausedAt: now } : {}) });
  }
}

const at = (hour: number) => new Date(Date.UTC(2030, 0, 1, hour));

describe('Class: AutomationGate', () => {
  describe('Method: blockReason (auto-resume)', () => {
    it('resumes a hand-over after the workspace hours, lazily, and persists it', async () => {
      // Prepare
      const store = new MemoryStateStore();
      let now = at(0);
      const gate = new AutomationGate(
        store,
        undefined,
        () => now,
        async () => 4,
      );
      await gate.pause('w', 'l', 'handover');

      // Act
      now = at(3);
      const early = await gate.blockReason('w', 'l');
      now = at(5);
      const late = await gate.blockReason('w', 'l');

      // Assess
      expect(early).toMatch(/paused/);
      expect(late).toBeNull();
      expect(await store.get('w', 'l')).toMatchObject({ botPaused: false, pausedReason: null });
    });

    it("counts a member's or owner's reply from when they last wrote", async () => {
      // Prepare
      const store = new MemoryStateStore();
      let now = at(10);
      const gate = new AutomationGate(
        store,
        undefined,
        () => now,
        async () => 4,
      );
      await gate.pause('w', 'l', 'page_reply');
      store.items.set('w/l', { ...(await store.get('w', 'l'))!, lastHumanAt: at(1).toISOString() });

      // Act
      now = at(6);
      const resumed = await gate.get('w', 'l');

      // Assess
      expect(resumed.botPaused).toBe(false);
    });

    it('never resumes a manual pause, an opt-out, or without the setting', async () => {
      // Prepare
      const store = new MemoryStateStore();
      let now = at(0);
      const gate = new AutomationGate(
        store,
        undefined,
        () => now,
        async (workspaceId) => (workspaceId === 'none' ? null : 1),
      );
      await gate.pause('w', 'manual', 'manual');
      await gate.onIncoming('w', 'stop', 'STOP');
      await gate.pause('none', 'l', 'handover');

      // Act
      now = at(100);

      // Assess
      expect(await gate.blockReason('w', 'manual')).toMatch(/manual/);
      expect(await gate.blockReason('w', 'stop')).toMatch(/opted out/);
      expect(await gate.blockReason('none', 'l')).toMatch(/handover/);
    });
  });
});
