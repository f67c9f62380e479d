import { DynamoBillingStore } from '../adapters/dynamo/billing-store';
import { stageTable } from '../adapters/dynamo/client';
import { createStripeClient, StripePaymentGateway } from '../adapters/stripe/stripe-gateway';
import { config } from '../config';
import { ProviderNotConfiguredError } from '../errors';
import { BillingAccountClosure } from '../services/billing/account-closure';
import { BillingService } from '../services/billing/billing-service';
import { BillingWebhookService } from '../services/billing/webhook-service';
import { auditLog } from './audit';
import { billingStore } from './billing-store';
import { built } from './container';
import { notificationService } from './notifications';

/** Stripe's graph; 503 provider_not_configured without STRIPE_SECRET_KEY (and built again once it is set). */
interface Stripe {
  gateway: StripePaymentGateway;
  service: BillingService;
  webhooks: BillingWebhookService;
}

function stripe(): Stripe {
  return built(stripe, (c) => {
    if (!c.STRIPE_SECRET_KEY) throw new ProviderNotConfiguredError('stripe');
    const settings = {
      secretKey: c.STRIPE_SECRET_KEY,
      apiUrl: c.STRIPE_API_URL,
      webhookSecret: c.STRIPE_WEBHOOK_SECRET,
      prices: { premium: c.STRIPE_PRICE_PREMIUM, ultra: c.STRIPE_PRICE_ULTRA },
      frontendUrl: c.FRONTEND_URL,
    };
    const gateway = new StripePaymentGateway(createStripeClient(settings), settings.webhookSecret);
    const store = new DynamoBillingStore(stageTable);
    return {
      gateway,
      service: new BillingService(gateway, store, settings),
      webhooks: new BillingWebhookService(
        gateway,
        store,
        settings.prices,
        notificationService(),
        undefined,
        auditLog(),
      ),
    };
  });
}

/** Checkout and portal; 503 provider_not_configured without STRIPE_SECRET_KEY. */
export function billingService(): BillingService {
  return stripe().service;
}

/** The Stripe webhook; 503 provider_not_configured without STRIPE_SECRET_KEY or STRIPE_WEBHOOK_SECRET. */
export function billingWebhooks(): BillingWebhookService {
  if (!config().STRIPE_WEBHOOK_SECRET) throw new ProviderNotConfiguredError('stripe');
  return stripe().webhooks;
}

/** Cancels a workspace's Stripe billing before deletion; needs Stripe only for a workspace with a customer. */
export function billingClosure(): BillingAccountClosure {
  return built(billingClosure, () => new BillingAccountClosure(billingStore(), () => stripe().gateway));
}
