// biome-ignore-all format: one route per line reads as a table
import type { RouteDefinition } from './types';

/** AI engine. */
export const aiRoutes: RouteDefinition[] = [];
