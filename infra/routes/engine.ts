// biome-ignore-all format: one route per line reads as a table
import * as params from '../../shared/schemas/params';
import * as scenarios from '../../shared/schemas/scenarios';
import type { RouteDefinition } from './types';

/** Scenarios and the message-processing engine. */
export const engineRoutes: RouteDefinition[] = [
  { method: 'POST', path: '/scenarios', handler: 'functions/http/scenarios/create.ts', auth: 'jwt', exposure: 'api', workspaceScoped: true, tag: 'scenarios', summary: 'Create a scenario (admin)', request: { body: scenarios.createScenarioBody }, responses: { 201: scenarios.scenarioView }, needs: { table: 'readWrite' } },
  { method: 'GET', path: '/scenarios', handler: 'functions/http/scenarios/list.ts', auth: 'jwt', exposure: 'api', workspaceScoped: true, tag: 'scenarios', summary: 'Scenarios of the workspace, in matching order', request: { query: params.pageQuery }, responses: { 200: scenarios.scenarioList }, needs: { table: 'readWrite' } },
  { method: 'GET', path: '/scenarios/{id}', handler: 'functions/http/scenarios/get.ts', auth: 'jwt', exposure: 'api', workspaceScoped: true, tag: 'scenarios', summary: 'One scenario', request: { params: params.idParams }, responses: { 200: scenarios.scenarioView }, needs: { table: 'readWrite' } },
  { method: 'PATCH', path: '/scenarios/{id}', handler: 'functions/http/scenarios/update.ts', auth: 'jwt', exposure: 'api', workspaceScoped: true, tag: 'scenarios', summary: 'Change a scenario (admin)', request: { params: params.idParams, body: scenarios.updateScenarioBody }, responses: { 200: scenarios.scenarioView }, needs: { table: 'readWrite' } },
  { method: 'DELETE', path: '/scenarios/{id}', handler: 'functions/http/scenarios/delete.ts', auth: 'jwt', exposure: 'api', workspaceScoped: true, tag: 'scenarios', summary: 'Delete a scenario (admin)', request: { params: params.idParams }, responses: { 204: null }, needs: { table: 'readWrite' } },
];
