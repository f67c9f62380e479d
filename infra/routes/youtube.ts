// biome-ignore-all format: one route per line reads as a table
import type { RouteDefinition } from './types';

/** YouTube provider. */
export const youtubeRoutes: RouteDefinition[] = [];
