// biome-ignore-all format: one route per line reads as a table
import { adminStatusQuery, adminStatusResponse } from '../../shared/schemas/observability';
import type { RouteDefinition } from './types';

/** OpenAPI, docs and admin status. */
export const observabilityRoutes: RouteDefinition[] = [
  { method: 'GET', path: '/openapi.json', handler: 'functions/http/openapi.ts', auth: 'none', exposure: 'api', tag: 'docs', summary: 'This API described in OpenAPI 3.1 (generated from the route manifest)', responses: { 200: { contentType: 'application/json' } }, needs: { table: 'readWrite' } },
  { method: 'GET', path: '/docs', handler: 'functions/http/docs.ts', auth: 'none', exposure: 'api', tag: 'docs', summary: 'Interactive API reference (self-contained HTML page)', responses: { 200: { contentType: 'text/html' } }, needs: { table: 'readWrite' } },
  { method: 'GET', path: '/admin/status', handler: 'functions/http/admin/status.ts', auth: 'jwt', exposure: 'api', tag: 'admin', summary: 'Queue depths, dead letters, recent workflow failures and schedules (operators in ADMIN_EMAILS)', request: { query: adminStatusQuery }, responses: { 200: adminStatusResponse }, needs: { table: 'readWrite', secrets: ['providers'], reads: ['queueStats', 'workflowFailures'] } },
];
