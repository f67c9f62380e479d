import { NotFoundError } from '../../shared/errors';
import { http } from '../../shared/http/handler';

/** The API's $default route: any method/path not in the manifest gets the contract's JSON 404. */
export const handler = http.public({}, async ({ event }) => {
  throw new NotFoundError(`No route for ${event.requestContext.http.method} ${event.rawPath}.`);
});
