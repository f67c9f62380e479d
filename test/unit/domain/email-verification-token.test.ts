import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  signEmailVerification,
  verifyEmailVerification,
} from '../../../shared/domain/auth/email-verification-token';
import { signOAuthState } from '../../../shared/domain/oauth/signed-state';

const secret = new TextEncoder().encode('a-test-secret-of-enough-length-123');
const now = new Date('2026-11-25T12:00:00.000Z');
const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);
const input = { userId: 'u-1', email: 'lea@example.test', nonce: 'n-1' };

describe('Function: signEmailVerification / verifyEmailVerification', () => {
  it('binds the user, the address and the nonce until the expiry', () => {
    // Prepare
    const token = signEmailVerification(input, secret, now, 3600);

    // Act
    const verified = verifyEmailVerification(token, secret, later(3599));

    // Assess
    expect(verified).toEqual({ ok: true, claims: { ...input, exp: now.getTime() / 1000 + 3600 } });
  });

  it('refuses it from its expiry on', () => {
    const token = signEmailVerification(input, secret, now, 3600);
    expect(verifyEmailVerification(token, secret, later(3600))).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses tampered claims, another key, another purpose’s signature and malformed tokens', () => {
    // Prepare
    const token = signEmailVerification(input, secret, now, 3600);
    const [, mac] = token.split('.');
    const retargeted = Buffer.from(JSON.stringify({ ...input, userId: 'u-2', exp: 9e9 })).toString(
      'base64url',
    );
    const oauthState = signOAuthState(
      { provider: 'meta', workspaceId: 'w', userId: 'u-1', bind: 'b' },
      secret,
      now,
    );

    // Act + Assess
    expect(verifyEmailVerification(`${retargeted}.${mac}`, secret, now)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(verifyEmailVerification(token, new TextEncoder().encode('another-secret'), now)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    // Same key, same format, another purpose: an OAuth state never verifies as an email link.
    expect(verifyEmailVerification(oauthState, secret, now)).toEqual({ ok: false, reason: 'bad_signature' });
    for (const malformed of ['', 'abc', 'a.b.c', `${token}.x`])
      expect(verifyEmailVerification(malformed, secret, now), malformed).toMatchObject({ ok: false });
  });

  it('refuses a well-signed payload that lacks a claim', () => {
    // Signed the way the module signs (purpose-prefixed HMAC), so only the claim checks can refuse it.
    const payload = Buffer.from(JSON.stringify({ userId: 'u-1', exp: 9e9 })).toString('base64url');
    const mac = createHmac('sha256', secret).update(`email-verification.${payload}`).digest('base64url');
    expect(verifyEmailVerification(`${payload}.${mac}`, secret, now)).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });
});
