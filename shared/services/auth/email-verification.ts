import { createHmac, randomBytes } from 'node:crypto';
import {
  type EmailVerificationCheck,
  signEmailVerification,
  verifyEmailVerification,
} from '../../domain/auth/email-verification-token';
import { verificationEmail } from '../../domain/email/messages';
import { ConflictError, InvalidTokenError, NotFoundError, ProviderNotConfiguredError } from '../../errors';
import { logger } from '../../observability/logger';
import type { EmailSender } from '../email/ports';
import type { SendBudget } from '../email/send-budget';
import { type PublicUser, toPublicUser } from './auth-service';
import type { UserStore } from './ports';

export interface EmailVerificationSettings {
  /** The JWT secret; the token key is derived from it, so a verification MAC is never a valid JWT signature. */
  secret: () => Promise<Uint8Array>;
  ttlSeconds: number;
  /** The link points at the frontend's /verify-email page, which posts the token to POST /auth/verify-email. */
  frontendUrl: string;
  perHour: number;
}

const REFUSED: Record<Extract<EmailVerificationCheck, { ok: false }>['reason'], string> = {
  malformed: 'This verification link is not valid.',
  bad_signature: 'This verification link is not valid.',
  expired: 'This verification link has expired; ask for a new one.',
};

/**
 * Proves that a user owns their email address: a signed, expiring, single-use link is emailed to it, and opening
 * it marks the address verified. Until then the account works in its own workspaces, but the address counts for
 * nothing that someone else granted to it (invitations, the operators' allow-list).
 */
export class EmailVerificationService {
  constructor(
    private readonly users: UserStore,
    private readonly sender: EmailSender | undefined,
    private readonly budget: SendBudget,
    private readonly settings: EmailVerificationSettings,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Right after signup: the account exists whatever happens to the email (the user can ask for another). */
  async sendAfterSignup(user: PublicUser): Promise<void> {
    try {
      await this.send(user);
    } catch (error) {
      logger.warn('the verification email of a new account was not sent', {
        userId: user.id,
        error: error as Error,
      });
    }
  }

  /** POST /auth/verify-email/resend: a new link, which replaces every older one. */
  async resend(identity: { userId: string; email: string }): Promise<{ status: 'sent'; to: string }> {
    const user = await this.users.findUserByEmail(identity.email);
    if (!user || user.id !== identity.userId) throw new NotFoundError('This account no longer exists.');
    if (user.emailVerified) throw new ConflictError('This email address is already verified.');
    await this.send(user);
    return { status: 'sent', to: user.email };
  }

  /** POST /auth/verify-email: the link's token, checked (signature, expiry) then redeemed once. */
  async verify(token: string): Promise<PublicUser> {
    const check = verifyEmailVerification(token, await this.key(), this.now());
    if (!check.ok) throw new InvalidTokenError(REFUSED[check.reason]);
    const { userId, email, nonce } = check.claims;
    const user = await this.users.findUserByEmail(email);
    // The account was deleted, or the address now belongs to another account: the link is void.
    if (!user || user.id !== userId) throw new InvalidTokenError(REFUSED.malformed);
    const at = this.now().toISOString();
    if (!(await this.users.markEmailVerified(user, nonce, at))) {
      // Read again: a concurrent request with the same link may just have redeemed it.
      const current = await this.users.findUserByEmail(email);
      throw new InvalidTokenError(
        current?.emailVerified
          ? 'This verification link has already been used.'
          : 'This verification link was replaced by a newer one: open the latest email.',
      );
    }
    return toPublicUser({ ...user, emailVerified: true, emailVerifiedAt: at });
  }

  private async send(user: { id: string; email: string; name: string | null }): Promise<void> {
    if (!this.sender) throw new ProviderNotConfiguredError('email');
    await this.budget.take(`verify-email:${user.id}`, this.settings.perHour, 'verification emails');
    const nonce = randomBytes(16).toString('base64url');
    if (!(await this.users.setVerificationNonce(user, nonce)))
      throw new ConflictError('This email address is already verified.');
    const now = this.now();
    const token = signEmailVerification(
      { userId: user.id, email: user.email, nonce },
      await this.key(),
      now,
      this.settings.ttlSeconds,
    );
    await this.sender.send(
      verificationEmail({
        to: user.email,
        name: user.name,
        link: `${this.settings.frontendUrl.replace(/\/$/, '')}/verify-email?token=${encodeURIComponent(token)}`,
        expiresAt: new Date(now.getTime() + this.settings.ttlSeconds * 1000),
      }),
    );
  }

  private async key(): Promise<Buffer> {
    return createHmac('sha256', await this.settings.secret())
      .update('flowia-email-verification')
      .digest();
  }
}
