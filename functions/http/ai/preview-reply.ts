import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { previewReplyBody } from '../../../shared/schemas/ai';
import { previewReply } from '../../../shared/services/ai/preview';
import { aiEngineFor } from '../../../shared/wiring/ai';
import { knowledgeStore } from '../../../shared/wiring/knowledge';

/** Answers with the workspace's knowledge base, exactly as the workflow's reply writer does. */
export const handler = http.workspace({ body: previewReplyBody }, async ({ workspace, body }) =>
  json(
    200,
    await previewReply(await aiEngineFor(workspace.id), {
      ...body,
      workspaceId: workspace.id,
      knowledge: await knowledgeStore().get(workspace.id),
    }),
  ),
);
