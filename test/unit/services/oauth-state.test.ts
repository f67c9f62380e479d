import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../../shared/domain/workspaces/roles';
import { OAuthStateSigner } from '../../../shared/services/social/oauth-state';

const secret = async () => new TextEncoder().encode('a-test-secret-of-enough-length');
const claims = { workspaceId: 'ws1', userId: 'u1', provider: 'tiktok' };

/** In-memory ports: the nonce set and the workspace's members, as the callback finds them. */
function ports(role: Role | undefined = 'admin') {
  const used = new Set<string>();
  const members = new Map<string, Role>(role ? [['ws1/u1', role]] : []);
  return {
    members,
    deps: {
      nonces: {
        consume: async (workspaceId: string, nonce: string) => {
          const key = `${workspaceId}/${nonce}`;
          if (used.has(key)) return false;
          used.add(key);
          return true;
        },
      },
      members: {
        getMember: async (workspaceId: string, userId: string) => {
          const found = members.get(`${workspaceId}/${userId}`);
          return found ? { role: found } : undefined;
        },
      },
    },
  };
}

describe('Class: OAuthStateSigner', () => {
  describe('Method: redeem', () => {
    it('round-trips the claims once, with the same PKCE verifier, in the browser that started', async () => {
      // Prepare
      const signer = new OAuthStateSigner(secret, 600, ports().deps);
      const issued = await signer.issue(claims);
      // Act
      const redeemed = await signer.redeem(issued.state, 'tiktok', issued.binding);
      const replay = signer.redeem(issued.state, 'tiktok', issued.binding);
      // Assess
      expect(redeemed).toMatchObject(claims);
      expect(redeemed.codeVerifier).toBe(issued.codeVerifier);
      expect(redeemed.codeVerifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(issued.codeChallenge).toBe(createHash('sha256').update(issued.codeVerifier).digest('base64url'));
      expect(issued.state).not.toContain(issued.codeVerifier);
      expect(issued.state).not.toContain(issued.binding);
      await expect(replay).rejects.toMatchObject({ code: 'invalid_state' });
    });

    it('rejects an expired state, another provider’s state, and a state signed with another secret', async () => {
      // Prepare
      let now = new Date('2026-01-01T00:00:00Z');
      const { deps } = ports();
      const signer = new OAuthStateSigner(secret, 600, deps, () => now);
      const { state, binding } = await signer.issue(claims);
      const other = new OAuthStateSigner(
        async () => new TextEncoder().encode('another-secret'),
        600,
        deps,
        () => now,
      );
      // Act
      const wrongProvider = signer.redeem(state, 'youtube', binding);
      const foreignKey = other.redeem(state, 'tiktok', binding);
      now = new Date('2026-01-01T00:10:01Z');
      const expired = signer.redeem(state, 'tiktok', binding);
      // Assess
      await expect(wrongProvider).rejects.toMatchObject({
        code: 'invalid_state',
        message: /another provider/,
      });
      await expect(foreignKey).rejects.toMatchObject({ code: 'invalid_state', message: /signature/ });
      await expect(expired).rejects.toMatchObject({ code: 'state_expired' });
    });

    it('refuses another browser without spending the state, then lets the initiator finish', async () => {
      // Prepare
      const signer = new OAuthStateSigner(secret, 600, ports().deps);
      const mine = await signer.issue(claims);
      const someoneElses = await signer.issue(claims);
      // Act
      const noCookie = signer.redeem(mine.state, 'tiktok', undefined);
      const otherCookie = signer.redeem(mine.state, 'tiktok', someoneElses.binding);
      // Assess
      await expect(noCookie).rejects.toMatchObject({ code: 'session_mismatch' });
      await expect(otherCookie).rejects.toMatchObject({ code: 'session_mismatch' });
      await expect(signer.redeem(mine.state, 'tiktok', mine.binding)).resolves.toMatchObject(claims);
    });

    it('re-checks membership and role: a removed or demoted user cannot finish', async () => {
      // Prepare
      const { deps, members } = ports('admin');
      const signer = new OAuthStateSigner(secret, 600, deps);
      const first = await signer.issue(claims);
      const second = await signer.issue(claims);
      // Act
      members.set('ws1/u1', 'member');
      const demoted = signer.redeem(first.state, 'tiktok', first.binding);
      members.delete('ws1/u1');
      const removed = signer.redeem(second.state, 'tiktok', second.binding);
      // Assess
      await expect(demoted).rejects.toMatchObject({ code: 'forbidden' });
      await expect(removed).rejects.toMatchObject({ code: 'forbidden' });
    });
  });
});
