import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { OAuthStateSigner } from '../../../shared/services/social/oauth-state';

const secret = async () => new TextEncoder().encode('a-test-secret-of-enough-length');
const claims = { workspaceId: 'ws1', userId: 'u1', provider: 'tiktok' };

describe('Class: OAuthStateSigner', () => {
  it('round-trips the claims and derives the same PKCE verifier at the callback', async () => {
    const signer = new OAuthStateSigner(secret, 600);

    const issued = await signer.issue(claims);
    const verified = await signer.verify(issued.state, 'tiktok');

    expect(verified).toMatchObject(claims);
    expect(verified.codeVerifier).toBe(issued.codeVerifier);
    expect(verified.codeVerifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(issued.codeChallenge).toBe(createHash('sha256').update(issued.codeVerifier).digest('base64url'));
    expect(issued.state).not.toContain(issued.codeVerifier);
  });

  it('rejects an expired state, another provider’s state, and a state signed with another secret', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const signer = new OAuthStateSigner(secret, 600, () => now);
    const { state } = await signer.issue(claims);

    await expect(signer.verify(state, 'youtube')).rejects.toThrow(/another provider/);
    const other = new OAuthStateSigner(
      async () => new TextEncoder().encode('another-secret'),
      600,
      () => now,
    );
    await expect(other.verify(state, 'tiktok')).rejects.toThrow(/signature/);
    now = new Date('2026-01-01T00:10:01Z');
    await expect(signer.verify(state, 'tiktok')).rejects.toThrow(/expired/);
  });
});
