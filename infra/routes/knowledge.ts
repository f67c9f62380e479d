// biome-ignore-all format: one route per line reads as a table
import * as knowledge from '../../shared/schemas/knowledge';
import * as params from '../../shared/schemas/params';
import type { RouteDefinition } from './types';

/** The workspace's business knowledge, what the AI engine (model and rules) may state in replies. */
export const knowledgeRoutes: RouteDefinition[] = [
  { method: 'GET', path: '/workspaces/{id}/knowledge', handler: 'functions/http/knowledge/get.ts', auth: 'jwt', exposure: 'api', tag: 'workspaces', summary: 'The business knowledge the AI replies from (members)', request: { params: params.idParams }, responses: { 200: knowledge.knowledgeBody }, needs: { table: 'readWrite' } },
  { method: 'PUT', path: '/workspaces/{id}/knowledge', handler: 'functions/http/knowledge/put.ts', auth: 'jwt', exposure: 'api', tag: 'workspaces', summary: 'Replace the business knowledge: products and prices, FAQ, hours, location, links (owner/admin)', request: { params: params.idParams, body: knowledge.knowledgeBody }, responses: { 200: knowledge.knowledgeBody }, needs: { table: 'readWrite' } },
];
