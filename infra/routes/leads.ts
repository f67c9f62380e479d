// biome-ignore-all format: one route per line reads as a table
import type { RouteDefinition } from './types';

/** Leads dashboard and CSV export. */
export const leadsRoutes: RouteDefinition[] = [];
