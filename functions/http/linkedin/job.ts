import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { linkedInJobParams } from '../../../shared/schemas/linkedin';
import { linkedInService } from '../../../shared/wiring/linkedin';

export const handler = http.workspace({ params: linkedInJobParams }, async ({ workspace, params }) =>
  json(200, await linkedInService().job(workspace.id, params.id)),
);
