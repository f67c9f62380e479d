import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { previewReplyBody } from '../../../shared/schemas/ai';
import { functionInvoker } from '../../../shared/wiring/functions';

/**
 * Answers with the workspace's knowledge base, exactly as the workflow's reply writer does: the engine runs in
 * the previewReply internal function, which holds the OpenAI key (this Lambda checks the caller and the body).
 */
export const handler = http.workspace({ body: previewReplyBody }, async ({ workspace, body }) =>
  json(200, await functionInvoker().invoke('previewReply', { ...body, workspaceId: workspace.id })),
);
