import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { linkedInService } from '../../../shared/wiring/linkedin';

export const handler = http.workspace({}, async ({ workspace }) =>
  json(202, await linkedInService().sync(workspace.id)),
);
