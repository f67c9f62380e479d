import type { LocalPlugin } from './plugin';
import { simulatedWorld } from './simulation/world';

/**
 * Simulated Stripe alone, for callers that compose their own plugin list: real when STRIPE_SECRET_KEY or
 * STRIPE_API_URL is set, otherwise (unless FLOWIA_SIMULATE=0) the fake Stripe. The local stage runs the whole
 * simulated world (simulation/world.ts), which starts Stripe with the same code.
 */
export const stripePlugin: LocalPlugin = simulatedWorld({ only: ['Stripe'], name: 'stripe' });
