import { describe, expect, it } from 'vitest';
import { signOAuthState, verifyOAuthState } from '../../../shared/domain/oauth/signed-state';

const secret = new TextEncoder().encode('a-test-secret-of-enough-length-123');
const now = new Date('2026-11-25T12:00:00.000Z');
const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);
const input = { provider: 'meta', workspaceId: 'ws-1', userId: 'u-1', bind: 'hash-of-the-cookie' };

describe('Function: signOAuthState / verifyOAuthState', () => {
  it('binds workspace, user, a fresh nonce and an expiry', () => {
    const a = signOAuthState(input, secret, now);
    const b = signOAuthState(input, secret, now);
    const verified = verifyOAuthState(a, 'meta', secret, later(60));
    expect(verified).toMatchObject({ ok: true, claims: { ...input, exp: now.getTime() / 1000 + 600 } });
    expect(a).not.toBe(b);
  });

  it('rejects an expired, tampered, foreign-key, other-provider or malformed state', () => {
    const state = signOAuthState(input, secret, now);
    const [payload, mac] = state.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...input, nonce: 'n', exp: 9e9, workspaceId: 'ws-2' }),
    ).toString('base64url');
    expect(verifyOAuthState(state, 'meta', secret, later(601))).toEqual({ ok: false, reason: 'expired' });
    expect(verifyOAuthState(`${forged}.${mac}`, 'meta', secret, now)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(verifyOAuthState(`${payload}.${mac}x`, 'meta', secret, now)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(verifyOAuthState(state, 'meta', new TextEncoder().encode('another'), now)).toMatchObject({
      ok: false,
    });
    expect(verifyOAuthState(state, 'tiktok', secret, now)).toEqual({ ok: false, reason: 'wrong_provider' });
    expect(verifyOAuthState(undefined, 'meta', secret, now)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyOAuthState('a.b.c', 'meta', secret, now)).toEqual({ ok: false, reason: 'malformed' });
  });
});
