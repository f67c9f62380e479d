import { type FakeStripe, startFakeStripe } from '../../../simulation/stripe';
import type { ProviderSimulation } from './types';

export type SimulatedStripe = FakeStripe;

/**
 * Simulated Stripe: the fake Stripe with its prices, its signed webhooks POSTed to this stage's /billing/webhook,
 * and a checkout page whose "Pay" button completes the payment as a customer would on Stripe.
 */
export const startSimulatedStripe: ProviderSimulation<SimulatedStripe> = {
  provider: 'Stripe',
  realWhen: ['STRIPE_SECRET_KEY', 'STRIPE_API_URL'],
  async start({ setEnv, baseUrl }) {
    const fake = await startFakeStripe({ webhookUrl: `${baseUrl}/billing/webhook` });
    setEnv('STRIPE_SECRET_KEY', fake.secretKey);
    setEnv('STRIPE_WEBHOOK_SECRET', fake.webhookSecret);
    setEnv('STRIPE_API_URL', fake.url);
    setEnv('STRIPE_PRICE_PREMIUM', fake.priceIds.premium);
    setEnv('STRIPE_PRICE_ULTRA', fake.priceIds.ultra);
    return {
      running: fake,
      detail: `fake Stripe at ${fake.url}, prices ${fake.priceIds.premium} and ${fake.priceIds.ultra}, state in memory`,
      stop: () => fake.stop(),
    };
  },
};
