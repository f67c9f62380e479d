// biome-ignore-all format: one route per line reads as a table
import * as social from '../../shared/schemas/social';
import type { RouteDefinition } from './types';

/** Social accounts: the shared routes and Meta (OAuth, webhook). */
export const socialRoutes: RouteDefinition[] = [
  { method: 'GET', path: '/social-accounts', handler: 'functions/http/social/list.ts', auth: 'jwt', exposure: 'api', workspaceScoped: true, tag: 'social', summary: 'Connected accounts of the workspace (every provider, never credentials)', responses: { 200: social.socialAccountList } },
  { method: 'DELETE', path: '/social-accounts/{id}', handler: 'functions/http/social/delete.ts', auth: 'jwt', exposure: 'api', workspaceScoped: true, tag: 'social', summary: 'Disconnect an account and delete its sealed credentials (admin)', request: { params: social.socialAccountParams }, responses: { 204: null } },
  { method: 'GET', path: '/social-accounts/meta/auth-url', handler: 'functions/http/social/meta-auth-url.ts', auth: 'jwt', exposure: 'api', workspaceScoped: true, tag: 'social', summary: 'Facebook Login URL with a signed, expiring state (admin)', responses: { 200: social.authUrlResponse } },
  { method: 'GET', path: '/social-accounts/meta/callback', handler: 'functions/http/social/meta-callback.ts', auth: 'none', exposure: 'api', tag: 'social', summary: 'Facebook Login callback: stores Pages and Instagram accounts, redirects to the frontend', request: { query: social.oauthCallbackQuery }, responses: { 302: null } },
  { method: 'GET', path: '/social-accounts/meta/webhook', handler: 'functions/webhooks/meta.ts', auth: 'none', exposure: 'functionUrl', tag: 'webhooks', summary: 'Meta webhook subscription check (hub.challenge)', request: { query: social.metaWebhookVerifyQuery }, responses: { 200: { contentType: 'text/plain' } } },
  { method: 'POST', path: '/social-accounts/meta/webhook', handler: 'functions/webhooks/meta.ts', auth: 'none', exposure: 'functionUrl', tag: 'webhooks', summary: 'Meta webhook events (X-Hub-Signature-256) → incomingMessages queue', responses: { 200: social.webhookReceipt } },
  { method: 'POST', path: '/social-accounts/meta/data-deletion', handler: 'functions/webhooks/meta-data-deletion.ts', auth: 'none', exposure: 'functionUrl', tag: 'webhooks', summary: 'Meta data deletion request callback (signed_request form field): erases what the person connected', responses: { 200: social.dataDeletionAnswer } },
  { method: 'POST', path: '/social-accounts/meta/deauthorize', handler: 'functions/webhooks/meta-deauthorize.ts', auth: 'none', exposure: 'functionUrl', tag: 'webhooks', summary: 'Meta deauthorize callback (signed_request form field): removes the accounts and their tokens', responses: { 200: social.deauthorizeAnswer } },
  { method: 'GET', path: '/data-deletion/{code}', handler: 'functions/http/social/data-deletion-status.ts', auth: 'none', exposure: 'api', tag: 'social', summary: 'Public status of a Meta data deletion request, by its confirmation code', request: { params: social.dataDeletionCodeParams }, responses: { 200: social.dataDeletionStatus } },
];
