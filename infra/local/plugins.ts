import { metaSimulation } from './meta-simulation';
import type { LocalPlugin } from './plugin';
import { stripePlugin } from './stripe-plugin';

/** The local stage's plugins, in start order. Each feature that needs a runtime piece locally adds it here. */
export const plugins: LocalPlugin[] = [metaSimulation, stripePlugin];
