// biome-ignore-all format: one route per line reads as a table
import type { RouteDefinition } from './types';

/** Social accounts: the shared routes and Meta (OAuth, webhook). */
export const socialRoutes: RouteDefinition[] = [];
