import { startFakeStripe } from '../../test/fakes/stripe';
import type { LocalPlugin } from './plugin';

/**
 * Stripe in the local stage: real when STRIPE_SECRET_KEY or STRIPE_API_URL is set, otherwise (unless
 * FLOWIA_SIMULATE=0) the project's fake Stripe, with its signed webhooks pointed at this stage. The checkout URL
 * it hands out opens a page whose "Pay" button completes the payment, as a customer would on Stripe.
 */
export const stripePlugin: LocalPlugin = {
  name: 'stripe',
  async start({ env, setEnv, baseUrl }) {
    if (env('STRIPE_SECRET_KEY') || env('STRIPE_API_URL')) return { banner: 'Stripe: real' };
    if (env('FLOWIA_SIMULATE') === '0')
      return { banner: 'Stripe: not configured (503 provider_not_configured)' };
    const fake = await startFakeStripe({ webhookUrl: `${baseUrl}/billing/webhook` });
    setEnv('STRIPE_SECRET_KEY', fake.secretKey);
    setEnv('STRIPE_WEBHOOK_SECRET', fake.webhookSecret);
    setEnv('STRIPE_API_URL', fake.url);
    setEnv('STRIPE_PRICE_PREMIUM', fake.priceIds.premium);
    setEnv('STRIPE_PRICE_ULTRA', fake.priceIds.ultra);
    return {
      banner: `Stripe: simulated (fake Stripe on ${fake.url}, state in memory)`,
      stop: () => fake.stop(),
    };
  },
};
