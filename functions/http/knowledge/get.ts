import { DynamoKnowledgeStore } from '../../../shared/adapters/dynamo/knowledge-store';
import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { workspaceIdParams } from '../../../shared/schemas/workspaces';

const store = new DynamoKnowledgeStore();

/** Any member reads the knowledge; an empty object before the first PUT. */
export const handler = http.workspace({ params: workspaceIdParams }, async ({ workspace }) =>
  json(200, (await store.get(workspace.id)) ?? {}),
);
