// biome-ignore-all format: one route per line reads as a table
import * as apiKeys from '../../shared/schemas/api-keys';
import * as params from '../../shared/schemas/params';
import type { RouteDefinition } from './types';

/** Workspace API keys for server-to-server use (Authorization: Bearer fia_…), managed by owners and admins. */
export const apiKeysRoutes: RouteDefinition[] = [
  { method: 'POST', path: '/api-keys', handler: 'functions/http/api-keys/create.ts', auth: 'jwt', exposure: 'api', tag: 'api-keys', workspaceScoped: true, summary: 'Create an API key (owner/admin); the key is shown in this answer only', request: { body: apiKeys.createApiKeyBody }, responses: { 201: apiKeys.createdApiKey }, needs: { table: 'readWrite' } },
  { method: 'GET', path: '/api-keys', handler: 'functions/http/api-keys/list.ts', auth: 'jwt', exposure: 'api', tag: 'api-keys', workspaceScoped: true, summary: 'The workspace\u2019s API keys without secrets: name, scope, created, last used, revoked (owner/admin)', responses: { 200: apiKeys.apiKeyList }, needs: { table: 'readWrite' } },
  { method: 'DELETE', path: '/api-keys/{id}', handler: 'functions/http/api-keys/revoke.ts', auth: 'jwt', exposure: 'api', tag: 'api-keys', workspaceScoped: true, summary: 'Revoke an API key for good (owner/admin; idempotent)', request: { params: params.idParams }, responses: { 204: null }, needs: { table: 'readWrite' } },
];
