import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { knowledgeBody } from '../../../shared/schemas/knowledge';
import { idParams } from '../../../shared/schemas/params';
import { knowledgeStore } from '../../../shared/wiring/knowledge';

/** Replaces the whole knowledge base (owner or admin); the validated body is what the AI may state. */
export const handler = http.workspace(
  { params: idParams, body: knowledgeBody, minRole: 'admin' },
  async ({ workspace, body }) => {
    await knowledgeStore().put(workspace.id, body, new Date().toISOString());
    return json(200, body);
  },
);
