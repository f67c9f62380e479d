import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { linkedInMessagesQuery } from '../../../shared/schemas/linkedin';
import { linkedInService } from '../../../shared/wiring/linkedin';

export const handler = http.workspace({ query: linkedInMessagesQuery }, async ({ workspace, query }) =>
  json(200, {
    items: await linkedInService().messages(workspace.id, query.conversationId),
    nextCursor: null,
  }),
);
