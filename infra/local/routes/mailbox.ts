import { config } from '../../../shared/config';
import { NotFoundError } from '../../../shared/errors';
import { http } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { mailboxQuery } from '../../../shared/schemas/local';
import { DynamoLocalMailbox } from '../adapters/local-mailbox';

const mailbox = new DynamoLocalMailbox();

/**
 * GET /_local/mailbox: the emails the local stage "sent" (its simulated mailbox), newest first. Local stage only:
 * the manifest marks it localOnly (never deployed) and it answers 404 on any other stage all the same.
 */
export const handler = http.public({ query: mailboxQuery }, async ({ query }) => {
  if (config().STAGE !== 'local') throw new NotFoundError('No route matches this path.');
  return json(200, { items: await mailbox.list(query.to, query.limit) }, { 'cache-control': 'no-store' });
});
