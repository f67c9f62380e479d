// biome-ignore-all format: one route per line reads as a table
import * as integrations from '../../shared/schemas/integrations';
import type { RouteDefinition } from './types';

/** CRM integrations (Sheets, Notion, Airtable). */
export const integrationsRoutes: RouteDefinition[] = [
  { method: 'GET', path: '/integrations', handler: 'functions/http/integrations/list.ts', auth: 'jwt', exposure: 'api', workspaceScoped: true, tag: 'integrations', summary: 'Connected CRMs (never their credentials) (admin)', responses: { 200: integrations.integrationList } },
  { method: 'PUT', path: '/integrations/{crm}', handler: 'functions/http/integrations/put.ts', auth: 'jwt', exposure: 'api', workspaceScoped: true, tag: 'integrations', summary: 'Connect or reconfigure a CRM: credentials, target, auto-sync, statuses (admin, paid plan)', request: { params: integrations.crmParams, body: integrations.putIntegrationBody }, responses: { 200: integrations.integrationView } },
  { method: 'DELETE', path: '/integrations/{crm}', handler: 'functions/http/integrations/delete.ts', auth: 'jwt', exposure: 'api', workspaceScoped: true, tag: 'integrations', summary: 'Disconnect a CRM (admin)', request: { params: integrations.crmParams }, responses: { 204: null } },
];
