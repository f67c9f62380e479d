import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { connectLinkedInBody } from '../../../shared/schemas/linkedin';
import { linkedInService } from '../../../shared/wiring/linkedin';

/** Stores the session cookie sealed and queues a verification in the browser; 202 with the job to watch. */
export const handler = http.workspace(
  { body: connectLinkedInBody, minRole: 'admin' },
  async ({ workspace, body }) => json(202, await linkedInService().connect(workspace.id, body)),
);
