// biome-ignore-all format: one route per line reads as a table
import * as li from '../../shared/schemas/linkedin';
import type { RouteDefinition } from './types';

/** LinkedIn automation: the API stores the session and queues browser jobs; the browserLinkedIn processor acts. */
export const linkedinRoutes: RouteDefinition[] = [
  { method: 'POST', path: '/social-accounts/linkedin/connect', handler: 'functions/http/linkedin/connect.ts', auth: 'jwt', exposure: 'api', workspaceScoped: true, tag: 'linkedin', summary: 'Connect LinkedIn with its li_at session cookie (stored encrypted) and queue a verification (admin)', request: { body: li.connectLinkedInBody }, responses: { 202: li.connectLinkedInResponse } },
  { method: 'GET', path: '/social-accounts/linkedin', handler: 'functions/http/linkedin/account.ts', auth: 'jwt', exposure: 'api', workspaceScoped: true, tag: 'linkedin', summary: 'The connected LinkedIn account: status, reason when paused, messages sent today', responses: { 200: li.linkedInAccountView } },
  { method: 'POST', path: '/social-accounts/linkedin/sync', handler: 'functions/http/linkedin/sync.ts', auth: 'jwt', exposure: 'api', workspaceScoped: true, tag: 'linkedin', summary: 'Queue a refresh of conversations and messages from LinkedIn', responses: { 202: li.linkedInJobView } },
  { method: 'GET', path: '/social-accounts/linkedin/conversations', handler: 'functions/http/linkedin/conversations.ts', auth: 'jwt', exposure: 'api', workspaceScoped: true, tag: 'linkedin', summary: 'Conversations as last synced from LinkedIn', responses: { 200: li.linkedInConversationList } },
  { method: 'GET', path: '/social-accounts/linkedin/messages', handler: 'functions/http/linkedin/messages.ts', auth: 'jwt', exposure: 'api', workspaceScoped: true, tag: 'linkedin', summary: 'Messages of one conversation as last synced', request: { query: li.linkedInMessagesQuery }, responses: { 200: li.linkedInMessageList } },
  { method: 'POST', path: '/social-accounts/linkedin/send-message', handler: 'functions/http/linkedin/send-message.ts', auth: 'jwt', exposure: 'api', workspaceScoped: true, tag: 'linkedin', summary: 'Queue a message in a conversation; 202 with the job', request: { body: li.sendLinkedInMessageBody }, responses: { 202: li.linkedInJobView } },
  { method: 'GET', path: '/social-accounts/linkedin/jobs/{id}', handler: 'functions/http/linkedin/job.ts', auth: 'jwt', exposure: 'api', workspaceScoped: true, tag: 'linkedin', summary: 'Status of a LinkedIn browser job, with the reason when it waits or failed', request: { params: li.linkedInJobParams }, responses: { 200: li.linkedInJobView } },
];
