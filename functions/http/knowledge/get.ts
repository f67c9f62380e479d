import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { workspaceIdParams } from '../../../shared/schemas/workspaces';
import { knowledgeStore } from '../../../shared/wiring/knowledge';

/** Any member reads the knowledge; an empty object before the first PUT. */
export const handler = http.workspace({ params: workspaceIdParams }, async ({ workspace }) =>
  json(200, (await knowledgeStore().get(workspace.id)) ?? {}),
);
