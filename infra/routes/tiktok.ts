// biome-ignore-all format: one route per line reads as a table
import * as oauth from '../../shared/schemas/social-oauth';
import * as tiktok from '../../shared/schemas/tiktok';
import type { RouteDefinition } from './types';

/** TikTok provider. */
export const tiktokRoutes: RouteDefinition[] = [
  { method: 'GET', path: '/social-accounts/tiktok/auth-url', handler: 'functions/http/tiktok/auth-url.ts', auth: 'jwt', exposure: 'api', workspaceScoped: true, tag: 'tiktok', summary: 'TikTok consent URL: TikTok for Business account holder authorization (signed state), or Login Kit (PKCE) without a Business app (admin)', responses: { 200: oauth.authUrlResponse }, needs: { table: 'readWrite', sendsTo: ['incomingMessages'], vault: 'seal', secrets: ['providers', 'jwt'] } },
  { method: 'GET', path: '/social-accounts/tiktok/callback', handler: 'functions/http/tiktok/callback.ts', auth: 'none', exposure: 'api', tag: 'tiktok', summary: 'OAuth callback: stores the sealed tokens, redirects to FRONTEND_URL with the result', request: { query: oauth.oauthCallbackQuery }, responses: { 302: { contentType: 'text/plain' } }, needs: { table: 'readWrite', sendsTo: ['incomingMessages'], vault: 'seal', secrets: ['providers', 'jwt'] } },
  { method: 'GET', path: '/social-accounts/tiktok/interactions', handler: 'functions/http/tiktok/interactions.ts', auth: 'jwt', exposure: 'api', workspaceScoped: true, tag: 'tiktok', summary: 'Recent videos of a TikTok account with views, likes, comments and shares', request: { query: tiktok.tiktokVideosQuery }, responses: { 200: tiktok.tiktokVideosResponse }, needs: { table: 'readWrite', vault: 'seal', secrets: ['providers'] } },
  { method: 'GET', path: '/social-accounts/tiktok/comments', handler: 'functions/http/tiktok/comments.ts', auth: 'jwt', exposure: 'api', workspaceScoped: true, tag: 'tiktok', summary: 'Comments of one TikTok video, newest first, paginated (TikTok for Business)', request: { query: tiktok.tiktokCommentsQuery }, responses: { 200: tiktok.tiktokCommentsResponse }, needs: { table: 'readWrite', vault: 'seal', secrets: ['providers'] } },
  { method: 'POST', path: '/social-accounts/tiktok/send-message', handler: 'functions/http/tiktok/send-message.ts', auth: 'jwt', exposure: 'api', workspaceScoped: true, tag: 'tiktok', summary: 'Reply under a TikTok comment (≤ 150 chars); DMs answer 400 not_supported (no public DM API)', request: { body: tiktok.tiktokSendMessageBody }, responses: { 200: oauth.sendResultResponse }, needs: { table: 'readWrite', vault: 'seal', secrets: ['providers'] } },
];
