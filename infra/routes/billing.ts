// biome-ignore-all format: one route per line reads as a table
import type { RouteDefinition } from './types';

/** Plans, usage and Stripe billing. */
export const billingRoutes: RouteDefinition[] = [];
