import { describe, expect, it } from 'vitest';
import { invitationEmail, linksOf, plain, verificationEmail } from '../../../shared/domain/email/messages';

const expiresAt = new Date('2026-12-02T12:00:00.000Z');

describe('Function: invitationEmail', () => {
  it('names the workspace, the inviter and the role, and carries the one link', () => {
    const mail = invitationEmail({
      to: 'new.hire@example.test',
      workspaceName: 'Boulangerie Léa',
      inviter: 'Léa',
      role: 'admin',
      link: 'https://app.flowia.test/invitations/abc',
      expiresAt,
    });
    expect(mail.subject).toBe('Léa invited you to Boulangerie Léa on Flow IA');
    expect(mail.text).toContain('as admin');
    expect(mail.text).toContain('2026-12-02 12:00 UTC');
    expect(linksOf(mail.text)).toEqual(['https://app.flowia.test/invitations/abc']);
  });

  it('keeps what people typed on one line and without a working link', () => {
    // Prepare: a workspace named to make our email carry a phishing link and a forged header line.
    const mail = invitationEmail({
      to: 'x@example.test',
      workspaceName: 'Shop\r\nBcc: all@example.test https://evil.test/login',
      inviter: 'Mallory',
      role: 'member',
      link: 'https://app.flowia.test/invitations/abc',
      expiresAt,
    });

    // Assess
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(linksOf(mail.text)).toEqual(['https://app.flowia.test/invitations/abc']);
    expect(plain(' a\u0000b\tc ')).toBe('a b c');
  });
});

describe('Function: verificationEmail', () => {
  it('greets the user and carries the verification link and its expiry', () => {
    const mail = verificationEmail({
      to: 'lea@example.test',
      name: 'Léa',
      link: 'https://app.flowia.test/verify-email?token=t.s',
      expiresAt,
    });
    expect(mail.text.startsWith('Hello Léa,')).toBe(true);
    expect(linksOf(mail.text)).toEqual(['https://app.flowia.test/verify-email?token=t.s']);
  });
});
