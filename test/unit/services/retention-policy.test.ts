import { describe, expect, it } from 'vitest';
import { RetentionPolicy } from '../../../shared/services/workspaces/retention-policy';

function world(setting: number | null) {
  let now = Date.parse('2026-06-15T12:00:00.000Z');
  const reads: string[] = [];
  const workspace = { interactionRetentionMonths: setting };
  const policy = new RetentionPolicy(
    {
      getWorkspace: async (id) => {
        reads.push(id);
        return workspace;
      },
    },
    () => new Date(now),
  );
  return { policy, reads, workspace, advance: (ms: number) => (now += ms) };
}

describe('Class: RetentionPolicy', () => {
  describe('Method: cutoff', () => {
    it('is 12 months before now for a workspace that never chose, and follows the clock', async () => {
      // Prepare
      const w = world(null);

      // Act
      const first = await w.policy.cutoff('ws-1');
      w.advance(24 * 3600_000);
      const nextDay = await w.policy.cutoff('ws-1');

      // Assess
      expect(first).toBe('2025-06-15T12:00:00.000Z');
      expect(nextDay).toBe('2025-06-16T12:00:00.000Z');
    });
  });

  describe('Method: expiresAt', () => {
    it('stamps the workspace setting from the time the interaction occurred', async () => {
      const w = world(3);
      const ttl = await w.policy.expiresAt('ws-1', '2026-06-01T08:00:00.000Z');
      expect(new Date(ttl * 1000).toISOString()).toBe('2026-09-01T08:00:00.000Z');
    });
  });

  describe('Method: months', () => {
    it('reads the workspace once a minute, and again at once after forget', async () => {
      // Prepare
      const w = world(6);
      await w.policy.months('ws-1');
      w.workspace.interactionRetentionMonths = 1;

      // Act
      const cached = await w.policy.months('ws-1');
      w.advance(60_001);
      const afterMinute = await w.policy.months('ws-1');
      w.workspace.interactionRetentionMonths = 24;
      w.policy.forget('ws-1');
      const afterForget = await w.policy.months('ws-1');

      // Assess
      expect([cached, afterMinute, afterForget]).toEqual([6, 1, 24]);
      expect(w.reads).toHaveLength(3);
    });
  });
});
