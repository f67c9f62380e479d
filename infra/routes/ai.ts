// biome-ignore-all format: one route per line reads as a table
import * as ai from '../../shared/schemas/ai';
import type { RouteDefinition } from './types';

/** AI engine. */
export const aiRoutes: RouteDefinition[] = [
  { method: 'POST', path: '/ai/preview-reply', handler: 'functions/http/ai/preview-reply.ts', auth: 'jwt', exposure: 'api', workspaceScoped: true, tag: 'ai', summary: 'The reply, phone and score the engine would give a sample message (scenario editor)', request: { body: ai.previewReplyBody }, responses: { 200: ai.previewReplyResponse }, timeoutSeconds: 29, needs: { table: 'readWrite', invokes: ['previewReply'] } },
];
