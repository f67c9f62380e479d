// biome-ignore-all format: one route per line reads as a table
import type { RouteDefinition } from './types';

/** TikTok provider. */
export const tiktokRoutes: RouteDefinition[] = [];
