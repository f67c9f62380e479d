import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { idParams } from '../../../shared/schemas/params';
import { leadSummarizer } from '../../../shared/wiring/lead-summary';

export const handler = http.workspace({ params: idParams }, async ({ workspace, params }) =>
  json(200, { summary: await leadSummarizer().summarize(workspace.id, params.id) }),
);
