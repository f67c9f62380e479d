// biome-ignore-all format: one route per line reads as a table
import * as webhooks from '../../shared/schemas/webhooks';
import type { RouteDefinition } from './types';

/** Outbound webhooks: HTTPS endpoints a workspace registers for its events, signed deliveries with retries. */
export const webhooksRoutes: RouteDefinition[] = [
  { method: 'POST', path: '/webhooks/endpoints', handler: 'functions/http/webhooks/create-endpoint.ts', auth: 'jwt', exposure: 'api', tag: 'webhooks', workspaceScoped: true, summary: 'Register an HTTPS endpoint for some events (owner/admin); the signing secret is shown in this answer only', request: { body: webhooks.createEndpointBody }, responses: { 201: webhooks.createdEndpoint } },
  { method: 'GET', path: '/webhooks/endpoints', handler: 'functions/http/webhooks/list-endpoints.ts', auth: 'jwt', exposure: 'api', tag: 'webhooks', workspaceScoped: true, summary: 'The workspace\u2019s webhook endpoints, without secrets (owner/admin)', responses: { 200: webhooks.endpointList } },
  { method: 'GET', path: '/webhooks/endpoints/{id}', handler: 'functions/http/webhooks/get-endpoint.ts', auth: 'jwt', exposure: 'api', tag: 'webhooks', workspaceScoped: true, summary: 'One webhook endpoint (owner/admin)', request: { params: webhooks.endpointParams }, responses: { 200: webhooks.endpointView } },
  { method: 'PATCH', path: '/webhooks/endpoints/{id}', handler: 'functions/http/webhooks/update-endpoint.ts', auth: 'jwt', exposure: 'api', tag: 'webhooks', workspaceScoped: true, summary: 'Change an endpoint\u2019s URL, events, description or active flag (owner/admin)', request: { params: webhooks.endpointParams, body: webhooks.updateEndpointBody }, responses: { 200: webhooks.endpointView } },
  { method: 'DELETE', path: '/webhooks/endpoints/{id}', handler: 'functions/http/webhooks/delete-endpoint.ts', auth: 'jwt', exposure: 'api', tag: 'webhooks', workspaceScoped: true, summary: 'Delete an endpoint; its pending deliveries stop (owner/admin)', request: { params: webhooks.endpointParams }, responses: { 204: null } },
  { method: 'GET', path: '/webhooks/deliveries', handler: 'functions/http/webhooks/list-deliveries.ts', auth: 'jwt', exposure: 'api', tag: 'webhooks', workspaceScoped: true, summary: 'Deliveries newest first, with their attempts and event (owner/admin)', request: { query: webhooks.listDeliveriesQuery }, responses: { 200: webhooks.deliveryList } },
  { method: 'POST', path: '/webhooks/deliveries/{id}/replay', handler: 'functions/http/webhooks/replay-delivery.ts', auth: 'jwt', exposure: 'api', tag: 'webhooks', workspaceScoped: true, summary: 'Send a delivery again now (same event, fresh signature; retried for 24 h) (owner/admin)', request: { params: webhooks.deliveryParams }, responses: { 202: webhooks.deliveryView } },
];
