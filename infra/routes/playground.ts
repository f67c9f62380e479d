// biome-ignore-all format: one route per line reads as a table
import type { RouteDefinition } from './types';

/** Local playground (developer console; local stage only). */
export const playgroundRoutes: RouteDefinition[] = [];
