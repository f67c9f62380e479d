// biome-ignore-all format: one route per line reads as a table
import * as local from '../../shared/schemas/local';
import type { RouteDefinition } from './types';

/** Local playground (developer console; local stage only). */
export const playgroundRoutes: RouteDefinition[] = [
  { method: 'GET', path: '/_local/mailbox', handler: 'infra/local/routes/mailbox.ts', auth: 'none', exposure: 'api', tag: 'local', summary: 'The simulated mailbox: emails the local stage sent (verification links, invitations), newest first', request: { query: local.mailboxQuery }, responses: { 200: local.mailboxResponse }, localOnly: true, needs: { table: 'readWrite' } },
];
