// biome-ignore-all format: one route per line reads as a table
import type { RouteDefinition } from './types';

/** Scenarios and the message-processing engine. */
export const engineRoutes: RouteDefinition[] = [];
