// biome-ignore-all format: one route per line reads as a table
import * as conversations from '../../shared/schemas/conversations';
import * as leads from '../../shared/schemas/leads';
import type { RouteDefinition } from './types';

/** Leads dashboard and CSV export. */
export const leadsRoutes: RouteDefinition[] = [
  { method: 'GET', path: '/leads', handler: 'functions/http/leads/list.ts', auth: 'jwt', exposure: 'api', workspaceScoped: true, tag: 'leads', summary: 'List leads with filters, sort and cursor pagination', request: { query: leads.listLeadsQuery }, responses: { 200: leads.leadList } },
  { method: 'GET', path: '/leads/stats', handler: 'functions/http/leads/stats.ts', auth: 'jwt', exposure: 'api', workspaceScoped: true, tag: 'leads', summary: 'Lead counts by status, platform and day over a date range', request: { query: leads.leadStatsQuery }, responses: { 200: leads.leadStatsView } },
  { method: 'GET', path: '/leads/export.csv', handler: 'functions/http/leads/export-csv.ts', auth: 'none', exposure: 'functionUrl', streaming: true, workspaceScoped: true, tag: 'leads', summary: 'Stream the filtered leads as CSV (function URL; Bearer token checked by the handler)', request: { query: leads.leadFilterQuery }, responses: { 200: { contentType: 'text/csv' } }, memoryMb: 512, timeoutSeconds: 300 },
  { method: 'GET', path: '/leads/{id}', handler: 'functions/http/leads/get.ts', auth: 'jwt', exposure: 'api', workspaceScoped: true, tag: 'leads', summary: 'A lead with its conversation and an AI summary', request: { params: leads.leadIdParams }, responses: { 200: leads.leadDetail } },
  { method: 'PATCH', path: '/leads/{id}', handler: 'functions/http/leads/update.ts', auth: 'jwt', exposure: 'api', workspaceScoped: true, tag: 'leads', summary: 'Change a lead’s status, notes or tags', request: { params: leads.leadIdParams, body: leads.patchLeadBody }, responses: { 200: leads.leadView } },
  // Inbox (issue 22): a conversation is its lead's thread, so its routes live with the leads.
  { method: 'GET', path: '/conversations/{id}', handler: 'functions/http/conversations/get.ts', auth: 'jwt', exposure: 'api', workspaceScoped: true, tag: 'leads', summary: 'A conversation’s bot state: paused, why, opted out', request: { params: conversations.conversationIdParams }, responses: { 200: conversations.conversationView } },
  { method: 'POST', path: '/conversations/{id}/pause', handler: 'functions/http/conversations/pause.ts', auth: 'jwt', exposure: 'api', workspaceScoped: true, tag: 'leads', summary: 'Pause the bot in a conversation (reason manual)', request: { params: conversations.conversationIdParams }, responses: { 200: conversations.conversationView } },
  { method: 'POST', path: '/conversations/{id}/resume', handler: 'functions/http/conversations/resume.ts', auth: 'jwt', exposure: 'api', workspaceScoped: true, tag: 'leads', summary: 'Resume the bot (an opt-out stays until the person writes START)', request: { params: conversations.conversationIdParams }, responses: { 200: conversations.conversationView } },
];
