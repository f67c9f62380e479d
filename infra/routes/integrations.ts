// biome-ignore-all format: one route per line reads as a table
import * as integrations from '../../shared/schemas/integrations';
import * as oauth from '../../shared/schemas/social-oauth';
import type { RouteDefinition } from './types';

/** CRM integrations (Sheets, Notion, Airtable); Sheets connects with Google OAuth. */
export const integrationsRoutes: RouteDefinition[] = [
  { method: 'GET', path: '/integrations/sheets/auth-url', handler: 'functions/http/integrations/sheets-auth-url.ts', auth: 'jwt', exposure: 'api', workspaceScoped: true, tag: 'integrations', summary: 'Google consent URL for Sheets (scope spreadsheets, offline access, signed state, PKCE) (admin, paid plan)', responses: { 200: oauth.authUrlResponse }, needs: { table: 'readWrite', vault: 'seal', secrets: ['providers', 'jwt'] } },
  { method: 'GET', path: '/integrations/sheets/callback', handler: 'functions/http/integrations/sheets-callback.ts', auth: 'none', exposure: 'api', tag: 'integrations', summary: 'Google OAuth callback: seals the Sheets grant, redirects to FRONTEND_URL/integrations/callback with the result', request: { query: oauth.oauthCallbackQuery }, responses: { 302: { contentType: 'text/plain' } }, needs: { table: 'readWrite', vault: 'seal', secrets: ['providers', 'jwt'] } },
  { method: 'GET', path: '/integrations', handler: 'functions/http/integrations/list.ts', auth: 'jwt', exposure: 'api', workspaceScoped: true, tag: 'integrations', summary: 'Connected CRMs (never their credentials) (admin)', responses: { 200: integrations.integrationList }, needs: { table: 'readWrite', vault: 'seal' } },
  { method: 'PUT', path: '/integrations/{crm}', handler: 'functions/http/integrations/put.ts', auth: 'jwt', exposure: 'api', workspaceScoped: true, tag: 'integrations', summary: 'Connect or reconfigure a CRM: credentials (Notion, Airtable; Sheets uses its Google OAuth grant), target, auto-sync, statuses (admin, paid plan)', request: { params: integrations.crmParams, body: integrations.putIntegrationBody }, responses: { 200: integrations.integrationView }, needs: { table: 'readWrite', vault: 'seal' } },
  { method: 'DELETE', path: '/integrations/{crm}', handler: 'functions/http/integrations/delete.ts', auth: 'jwt', exposure: 'api', workspaceScoped: true, tag: 'integrations', summary: 'Disconnect a CRM (admin)', request: { params: integrations.crmParams }, responses: { 204: null }, needs: { table: 'readWrite', vault: 'seal' } },
];
