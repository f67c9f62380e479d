import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { knowledgeBody } from '../../../shared/schemas/knowledge';
import { workspaceIdParams } from '../../../shared/schemas/workspaces';
import { knowledgeStore } from '../../../shared/wiring/knowledge';

/** Replaces the whole knowledge base (owner or admin); the validated body is what the AI may state. */
export const handler = http.workspace(
  { params: workspaceIdParams, body: knowledgeBody, minRole: 'admin' },
  async ({ workspace, body }) => {
    await knowledgeStore().put(workspace.id, body, new Date().toISOString());
    return json(200, body);
  },
);
