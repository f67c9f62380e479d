// biome-ignore-all format: one route per line reads as a table
import type { RouteDefinition } from './types';

/** CRM integrations (Sheets, Notion, Airtable). */
export const integrationsRoutes: RouteDefinition[] = [];
