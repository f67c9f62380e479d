// biome-ignore-all format: one route per line reads as a table
import type { RouteDefinition } from './types';

/** Notifications, deliveries and account health. */
export const accountHealthRoutes: RouteDefinition[] = [];
