import { ForbiddenError } from '../../errors';
import type { UserStore } from './ports';

/**
 * The operators' allow-list (ADMIN_EMAILS) names addresses, and an address counts only once its owner proved it
 * (email verification): otherwise whoever signs up first with an operator's address would read operator pages.
 * Every refusal reads the same, so the list cannot be probed by signing up with guesses.
 */
export class OperatorAccess {
  constructor(
    private readonly users: UserStore,
    private readonly allowList: () => readonly string[],
  ) {}

  async require(identity: { userId: string; email: string }): Promise<void> {
    const email = identity.email.toLowerCase();
    const user = this.allowList().includes(email) ? await this.users.findUserByEmail(email) : undefined;
    if (!user || user.id !== identity.userId || !user.emailVerified)
      throw new ForbiddenError('This page is for operators only (a verified address on the allow-list).');
  }
}
