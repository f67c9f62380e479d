// biome-ignore-all format: one route per line reads as a table
import * as analytics from '../../shared/schemas/analytics';
import type { RouteDefinition } from './types';

/**
 * The scenario and post funnels (issue 23 item 8): counters the workflow keeps per day, read over a range.
 * `readWrite` like every workspace route: the middleware's rate limiter (and an API key's last use) write.
 */
export const analyticsRoutes: RouteDefinition[] = [
  { method: 'GET', path: '/analytics/scenarios', handler: 'functions/http/analytics/scenarios.ts', auth: 'jwt', exposure: 'api', tag: 'analytics', workspaceScoped: true, summary: 'Funnel per scenario over a date range (at most 92 days): triggered, replied publicly, DMs sent, delivered, read, answered, contact captured, won; each A/B version apart', request: { query: analytics.analyticsQuery }, responses: { 200: analytics.scenarioAnalytics }, needs: { table: 'readWrite' } },
  { method: 'GET', path: '/analytics/posts', handler: 'functions/http/analytics/posts.ts', auth: 'jwt', exposure: 'api', tag: 'analytics', workspaceScoped: true, summary: 'The same funnel per post (media id) over a date range', request: { query: analytics.analyticsQuery }, responses: { 200: analytics.postAnalytics }, needs: { table: 'readWrite' } },
];
