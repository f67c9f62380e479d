import { internalFunction } from '../../shared/entry/internal-function';
import { previewReplyRequest } from '../../shared/schemas/internal-functions';
import { previewReply } from '../../shared/services/ai/preview';
import { aiEngineFor } from '../../shared/wiring/ai';
import { knowledgeStore } from '../../shared/wiring/knowledge';

/**
 * POST /ai/preview-reply's engine: the workspace's knowledge base, the engine its plan pays for and the phone
 * detection, exactly as the workflow's reply writer uses them. The OpenAI key lives here, not in the API.
 */
export const handler = internalFunction(
  'previewReply',
  previewReplyRequest,
  async ({ workspaceId, ...sample }) =>
    previewReply(await aiEngineFor(workspaceId), {
      ...sample,
      workspaceId,
      knowledge: await knowledgeStore().get(workspaceId),
    }),
);
