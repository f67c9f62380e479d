import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { idParams } from '../../../shared/schemas/params';
import { knowledgeStore } from '../../../shared/wiring/knowledge';

/** Any member reads the knowledge; an empty object before the first PUT. */
export const handler = http.workspace({ params: idParams }, async ({ workspace }) =>
  json(200, (await knowledgeStore().get(workspace.id)) ?? {}),
);
