import { DynamoKnowledgeStore } from '../../../shared/adapters/dynamo/knowledge-store';
import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { previewReplyBody } from '../../../shared/schemas/ai';
import { previewReply } from '../../../shared/services/ai/preview';
import { aiEngineFor } from '../../../shared/wiring/ai';

const knowledge = new DynamoKnowledgeStore();

/** Answers with the workspace's knowledge base, exactly as the workflow's reply writer does. */
export const handler = http.workspace({ body: previewReplyBody }, async ({ workspace, body }) =>
  json(
    200,
    await previewReply(await aiEngineFor(workspace.id), {
      ...body,
      workspaceId: workspace.id,
      knowledge: await knowledge.get(workspace.id),
    }),
  ),
);
