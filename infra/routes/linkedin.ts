// biome-ignore-all format: one route per line reads as a table
import type { RouteDefinition } from './types';

/** LinkedIn automation. */
export const linkedinRoutes: RouteDefinition[] = [];
