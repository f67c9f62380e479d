import { createStripeClient, StripePaymentGateway } from '../adapters/stripe/stripe-gateway';
import { type Config, config } from '../config';
import { ProviderNotConfiguredError } from '../errors';
import { BillingAccountClosure } from '../services/billing/account-closure';
import { BillingService } from '../services/billing/billing-service';
import { BillingWebhookService } from '../services/billing/webhook-service';
import { auditLog } from './audit';
import { billingStore } from './billing-store';
import { built } from './container';
import { notificationService } from './notifications';

/**
 * The Stripe adapter alone; 503 provider_not_configured without STRIPE_SECRET_KEY (and built again once it is
 * set). Its own graph, so the workspace deletion, which only closes a customer's billing, bundles neither the
 * checkout service nor the webhook's.
 */
function stripeGateway(): StripePaymentGateway {
  return built(stripeGateway, (c) => {
    if (!c.STRIPE_SECRET_KEY) throw new ProviderNotConfiguredError('stripe');
    return new StripePaymentGateway(
      createStripeClient({ secretKey: c.STRIPE_SECRET_KEY, apiUrl: c.STRIPE_API_URL }),
      c.STRIPE_WEBHOOK_SECRET,
    );
  });
}

const pricesOf = (c: Config) => ({ premium: c.STRIPE_PRICE_PREMIUM, ultra: c.STRIPE_PRICE_ULTRA });

/** Checkout and portal; 503 provider_not_configured without STRIPE_SECRET_KEY. */
export function billingService(): BillingService {
  return built(
    billingService,
    (c) =>
      new BillingService(stripeGateway(), billingStore(), {
        prices: pricesOf(c),
        frontendUrl: c.FRONTEND_URL,
      }),
  );
}

/** The Stripe webhook; 503 provider_not_configured without STRIPE_SECRET_KEY or STRIPE_WEBHOOK_SECRET. */
export function billingWebhooks(): BillingWebhookService {
  if (!config().STRIPE_WEBHOOK_SECRET) throw new ProviderNotConfiguredError('stripe');
  return built(
    billingWebhooks,
    (c) =>
      new BillingWebhookService(
        stripeGateway(),
        billingStore(),
        pricesOf(c),
        notificationService(),
        undefined,
        auditLog(),
      ),
  );
}

/** Cancels a workspace's Stripe billing before deletion; needs Stripe only for a workspace with a customer. */
export function billingClosure(): BillingAccountClosure {
  return built(billingClosure, () => new BillingAccountClosure(billingStore(), stripeGateway));
}
