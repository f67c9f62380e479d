// biome-ignore-all format: one route per line reads as a table
import * as oauth from '../../shared/schemas/social-oauth';
import * as youtube from '../../shared/schemas/youtube';
import type { RouteDefinition } from './types';

/** YouTube provider. */
export const youtubeRoutes: RouteDefinition[] = [
  { method: 'GET', path: '/social-accounts/youtube/auth-url', handler: 'functions/http/youtube/auth-url.ts', auth: 'jwt', exposure: 'api', workspaceScoped: true, tag: 'youtube', summary: 'Google consent URL (offline access, signed state, PKCE) (admin)', responses: { 200: oauth.authUrlResponse } },
  { method: 'GET', path: '/social-accounts/youtube/callback', handler: 'functions/http/youtube/callback.ts', auth: 'none', exposure: 'api', tag: 'youtube', summary: 'OAuth callback: stores the sealed tokens, redirects to FRONTEND_URL with the result', request: { query: oauth.oauthCallbackQuery }, responses: { 302: { contentType: 'text/plain' } } },
  { method: 'GET', path: '/social-accounts/youtube/comments', handler: 'functions/http/youtube/comments.ts', auth: 'jwt', exposure: 'api', workspaceScoped: true, tag: 'youtube', summary: 'Comment threads of the channel or of one video (1 unit per page)', request: { query: youtube.youtubeCommentsQuery }, responses: { 200: youtube.youtubeCommentsResponse } },
  { method: 'GET', path: '/social-accounts/youtube/activities', handler: 'functions/http/youtube/activities.ts', auth: 'jwt', exposure: 'api', workspaceScoped: true, tag: 'youtube', summary: 'The channel’s activities (1 unit per page)', request: { query: youtube.youtubeActivitiesQuery }, responses: { 200: youtube.youtubeActivitiesResponse } },
  { method: 'POST', path: '/social-accounts/youtube/reply', handler: 'functions/http/youtube/reply.ts', auth: 'jwt', exposure: 'api', workspaceScoped: true, tag: 'youtube', summary: 'Reply under a YouTube comment (50 units)', request: { body: youtube.youtubeReplyBody }, responses: { 200: oauth.sendResultResponse } },
  { method: 'GET', path: '/social-accounts/youtube/quota', handler: 'functions/http/youtube/quota.ts', auth: 'jwt', exposure: 'api', workspaceScoped: true, tag: 'youtube', summary: 'This workspace’s fair share of the project’s YouTube units today (Pacific day), and the project’s budget and pause state', responses: { 200: youtube.youtubeQuotaResponse } },
];
