// biome-ignore-all format: one route per line reads as a table
import type { RouteDefinition } from './types';

/** OpenAPI, docs and admin status. */
export const observabilityRoutes: RouteDefinition[] = [];
