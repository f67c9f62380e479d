import { DynamoKnowledgeStore } from '../../../shared/adapters/dynamo/knowledge-store';
import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { knowledgeBody } from '../../../shared/schemas/knowledge';
import { workspaceIdParams } from '../../../shared/schemas/workspaces';

const store = new DynamoKnowledgeStore();

/** Replaces the whole knowledge base (owner or admin); the validated body is what the AI may state. */
export const handler = http.workspace(
  { params: workspaceIdParams, body: knowledgeBody, minRole: 'admin' },
  async ({ workspace, body }) => {
    await store.put(workspace.id, body, new Date().toISOString());
    return json(200, body);
  },
);
