import { AppError } from '../../errors';
import type { BillingStore, OpenInvoice, PaymentGateway } from './ports';

/** 409 unpaid_invoice: the workspace owes money, so it cannot be deleted silently. */
export class UnpaidInvoiceError extends AppError {
  override name = 'UnpaidInvoiceError';
  constructor(invoices: OpenInvoice[]) {
    const owed = invoices
      .map((i) => `${(i.amountRemaining / 100).toFixed(2)} ${i.currency.toUpperCase()}`)
      .join(', ');
    super(
      409,
      'unpaid_invoice',
      `This workspace has ${invoices.length === 1 ? 'an unpaid invoice' : `${invoices.length} unpaid invoices`} (${owed}). ` +
        'Pay or settle it in the billing portal (POST /billing/create-portal), then delete the workspace again.',
    );
  }
}

/**
 * Ends a workspace's Stripe billing before the workspace is deleted, so nobody is charged for a workspace that no
 * longer exists (and whose billing portal could no longer be opened):
 * 1. an unpaid invoice stops the deletion (409 unpaid_invoice): Stripe stops collecting a canceled subscription's
 *    invoices ("upon subscription cancellation, Stripe stops automatic collection of all finalized invoices … you
 *    could check for unpaid invoices before allowing the customer to cancel": https://docs.stripe.com/api/subscriptions/cancel),
 *    so deleting would silently write the debt off and leave the owner no portal to settle it;
 * 2. open checkout sessions are expired, so an old link cannot start a subscription for a deleted workspace;
 * 3. every live subscription is canceled at once (no proration, the period was paid for).
 * Any Stripe failure stops the deletion with the workspace intact; calling again resumes (each step is repeatable).
 * A workspace that never had a Stripe customer needs no Stripe at all.
 */
export class BillingAccountClosure {
  constructor(
    private readonly store: BillingStore,
    private readonly gateway: () => PaymentGateway,
  ) {}

  async close(workspaceId: string): Promise<void> {
    const account = await this.store.getAccount(workspaceId);
    if (!account?.customerId) return;
    const gateway = this.gateway();
    const unpaid = await gateway.listOpenInvoices(account.customerId);
    if (unpaid.length > 0) throw new UnpaidInvoiceError(unpaid);
    for (const session of await gateway.listOpenCheckoutSessions(account.customerId))
      await gateway.expireCheckoutSession(session.id);
    for (const subscription of await gateway.listLiveSubscriptions(account.customerId))
      await gateway.cancelSubscription(subscription.id, `Flow IA workspace ${workspaceId} was deleted.`);
  }
}
