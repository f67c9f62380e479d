import type { ResourceNeeds } from './resource-needs';
import { accountHealthRoutes } from './routes/account-health';
import { aiRoutes } from './routes/ai';
import { analyticsRoutes } from './routes/analytics';
import { apiKeysRoutes } from './routes/api-keys';
import { billingRoutes } from './routes/billing';
import { coreRoutes } from './routes/core';
import { engineRoutes } from './routes/engine';
import { integrationsRoutes } from './routes/integrations';
import { knowledgeRoutes } from './routes/knowledge';
import { leadsRoutes } from './routes/leads';
import { linkedinRoutes } from './routes/linkedin';
import { membershipRoutes } from './routes/membership';
import { observabilityRoutes } from './routes/observability';
import { playgroundRoutes } from './routes/playground';
import { socialRoutes } from './routes/social';
import { tiktokRoutes } from './routes/tiktok';
import type { RouteDefinition } from './routes/types';
import { webhooksRoutes } from './routes/webhooks';
import { youtubeRoutes } from './routes/youtube';

export type { HttpMethod, RouteDefinition } from './routes/types';

/**
 * THE route manifest: the CDK app creates one Lambda per handler and one HTTP API route (or function URL) per
 * entry; the local stage serves exactly these entries with the same handlers; the OpenAPI document is generated
 * from the schemas named here (the same objects the handlers validate with). Each feature keeps its entries in
 * infra/routes/<feature>.ts; its name here is also the CDK stack its API routes live in (one stack per feature
 * group keeps every stack far below CloudFormation's 500-resource limit as routes are added).
 */
export const routeGroups = {
  core: coreRoutes,
  membership: membershipRoutes,
  social: socialRoutes,
  engine: engineRoutes,
  billing: billingRoutes,
  leads: leadsRoutes,
  integrations: integrationsRoutes,
  tiktok: tiktokRoutes,
  youtube: youtubeRoutes,
  linkedin: linkedinRoutes,
  ai: aiRoutes,
  observability: observabilityRoutes,
  playground: playgroundRoutes,
  accountHealth: accountHealthRoutes,
  knowledge: knowledgeRoutes,
  apiKeys: apiKeysRoutes,
  webhooks: webhooksRoutes,
  analytics: analyticsRoutes,
} satisfies Record<string, RouteDefinition[]>;

export type RouteGroup = keyof typeof routeGroups;

/** Every entry of the manifest, in group order. */
export const routes: RouteDefinition[] = Object.values(routeGroups).flat();

export const AUTHORIZER_HANDLER = 'functions/http/authorizer.ts';
/** The JWT (and API key) authorizer: the signing key, the API key's item and its last use. */
export const AUTHORIZER_NEEDS: ResourceNeeds = { table: 'readWrite', secrets: ['jwt'] };
export const NOT_FOUND_HANDLER = 'functions/http/not-found.ts';
/** The `$default` 404 goes through the same middleware as every route: its rate limiter counts in the table. */
export const NOT_FOUND_NEEDS: ResourceNeeds = { table: 'readWrite' };

/** Handlers grouped: one Lambda per handler file (a function URL handler may serve GET and POST). */
export function handlersOf(list: RouteDefinition[] = routes): Map<string, RouteDefinition[]> {
  const byHandler = new Map<string, RouteDefinition[]>();
  for (const route of list) byHandler.set(route.handler, [...(byHandler.get(route.handler) ?? []), route]);
  return byHandler;
}
