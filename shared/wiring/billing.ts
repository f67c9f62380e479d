import { DynamoBillingStore } from '../adapters/dynamo/billing-store';
import { stageTable } from '../adapters/dynamo/client';
import { createStripeClient, StripePaymentGateway } from '../adapters/stripe/stripe-gateway';
import { config } from '../config';
import { ProviderNotConfiguredError } from '../errors';
import { BillingAccountClosure } from '../services/billing/account-closure';
import { BillingService } from '../services/billing/billing-service';
import { BillingWebhookService } from '../services/billing/webhook-service';
import { auditLog } from './audit';
import { notificationService } from './notifications';

let built:
  | {
      signature: string;
      gateway: StripePaymentGateway;
      service: BillingService;
      webhooks: BillingWebhookService;
    }
  | undefined;

/** Built on first use, and again if the Stripe settings changed (the local stage sets them at start-up). */
function build() {
  const c = config();
  if (!c.STRIPE_SECRET_KEY) throw new ProviderNotConfiguredError('stripe');
  const settings = {
    secretKey: c.STRIPE_SECRET_KEY,
    apiUrl: c.STRIPE_API_URL,
    webhookSecret: c.STRIPE_WEBHOOK_SECRET,
    prices: { premium: c.STRIPE_PRICE_PREMIUM, ultra: c.STRIPE_PRICE_ULTRA },
    frontendUrl: c.FRONTEND_URL,
  };
  const signature = JSON.stringify(settings);
  if (built?.signature !== signature) {
    const gateway = new StripePaymentGateway(createStripeClient(settings), settings.webhookSecret);
    const store = new DynamoBillingStore(stageTable);
    built = {
      signature,
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
  }
  return built;
}

/** Checkout and portal; 503 provider_not_configured without STRIPE_SECRET_KEY. */
export function billingService(): BillingService {
  return build().service;
}

/** The Stripe webhook; 503 provider_not_configured without STRIPE_SECRET_KEY or STRIPE_WEBHOOK_SECRET. */
export function billingWebhooks(): BillingWebhookService {
  if (!config().STRIPE_WEBHOOK_SECRET) throw new ProviderNotConfiguredError('stripe');
  return build().webhooks;
}

let store: DynamoBillingStore | undefined;

/** The workspace's plan and billing link, without needing Stripe (usage works on an unconfigured server). */
export function billingStore(): DynamoBillingStore {
  store ??= new DynamoBillingStore(stageTable);
  return store;
}

let closure: BillingAccountClosure | undefined;

/** Cancels a workspace's Stripe billing before deletion; needs Stripe only for a workspace with a customer. */
export function billingClosure(): BillingAccountClosure {
  closure ??= new BillingAccountClosure(billingStore(), () => build().gateway);
  return closure;
}
