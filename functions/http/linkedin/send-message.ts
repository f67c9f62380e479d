import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { sendLinkedInMessageBody } from '../../../shared/schemas/linkedin';
import { linkedInService } from '../../../shared/wiring/linkedin';

/** 202: the browser sends it when the account's turn, working hours and daily limit allow; poll the job. */
export const handler = http.workspace({ body: sendLinkedInMessageBody }, async ({ workspace, body }) =>
  json(202, await linkedInService().sendMessage(workspace.id, body)),
);
