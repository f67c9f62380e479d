import { type PaidPlanId, type PlanPrices, priceOf } from '../../domain/billing/subscription-plan';
import { planOf } from '../../domain/plans/catalog';
import { ConflictError, NotFoundError, ProviderNotConfiguredError } from '../../errors';
import { logger } from '../../observability/logger';
import type { BillingStore, PaymentGateway } from './ports';

/** Subscription statuses after which a new checkout may start; any other one is managed in the portal. */
const ENDED = new Set(['canceled', 'incomplete', 'incomplete_expired']);

export interface BillingSettings {
  prices: PlanPrices;
  /** Where Stripe returns the user after checkout or the portal. */
  frontendUrl: string;
}

/** Starting a subscription (Checkout) and managing it (billing portal) for a workspace. */
export class BillingService {
  constructor(
    private readonly gateway: PaymentGateway,
    private readonly store: BillingStore,
    private readonly settings: BillingSettings,
  ) {}

  async createCheckout(
    workspaceId: string,
    actor: { email: string },
    plan: PaidPlanId,
  ): Promise<{ url: string }> {
    const priceId = priceOf(plan, this.settings.prices);
    if (!priceId) throw new ProviderNotConfiguredError('stripe');
    const account = await this.requireAccount(workspaceId);
    if (account.subscriptionId && !ENDED.has(account.subscriptionStatus ?? ''))
      throw new ConflictError(
        account.plan === 'freemium'
          ? 'The workspace has an unpaid subscription; settle or cancel it in the billing portal.'
          : `The workspace is already on the ${planOf(account.plan).name} plan; change or cancel it in the billing portal.`,
      );
    const customerId = await this.customerOf(
      account.workspaceId,
      account.customerId,
      account.name,
      actor.email,
    );
    const session = await this.gateway.createCheckoutSession({
      customerId,
      priceId,
      workspaceId,
      plan,
      successUrl: this.frontend('/billing?checkout=success&session_id={CHECKOUT_SESSION_ID}'),
      cancelUrl: this.frontend('/billing?checkout=cancel'),
    });
    await this.expireOtherSessions(customerId, session);
    return { url: session.url };
  }

  /**
   * One payable checkout per workspace: every other open session of the workspace is expired once this one exists,
   * so an old tab or e-mailed link can no longer start a second subscription (a session stays open 24 hours
   * otherwise). Two checkouts racing can never both stay open: the one that lists last sees the other. (Both may
   * expire each other if they list at the same moment; the user then just starts again.) Best effort: a failure
   * here leaves the webhook's duplicate check as the safety net.
   */
  private async expireOtherSessions(customerId: string, mine: { id: string }) {
    try {
      const open = await this.gateway.listOpenCheckoutSessions(customerId);
      for (const session of open.filter((s) => s.id !== mine.id))
        await this.gateway.expireCheckoutSession(session.id);
    } catch (error) {
      logger.warn('older checkout sessions not expired', { error: error as Error, customerId });
    }
  }

  async createPortal(workspaceId: string): Promise<{ url: string }> {
    const account = await this.requireAccount(workspaceId);
    if (!account.customerId)
      throw new ConflictError(
        'This workspace has no billing account yet: subscribe to a paid plan first (POST /billing/create-checkout).',
      );
    return this.gateway.createPortalSession({
      customerId: account.customerId,
      returnUrl: this.frontend('/billing'),
    });
  }

  /** One Stripe customer per workspace, created on first checkout and reused afterwards. */
  private async customerOf(
    workspaceId: string,
    existing: string | undefined,
    name: string,
    email: string,
  ): Promise<string> {
    if (existing) return existing;
    const created = await this.gateway.createCustomer({ workspaceId, name, email });
    return this.store.saveCustomer(workspaceId, created);
  }

  private async requireAccount(workspaceId: string) {
    const account = await this.store.getAccount(workspaceId);
    if (!account) throw new NotFoundError('Workspace not found.');
    return account;
  }

  private frontend(path: string): string {
    return `${this.settings.frontendUrl.replace(/\/+$/, '')}${path}`;
  }
}
