import { routes } from '../../infra/routes';
import { config } from '../../shared/config';
import { http } from '../../shared/http/handler';
import { buildOpenApiDocument, type OpenApiDocument } from '../../shared/http/openapi';
import { json } from '../../shared/http/response';

let document: OpenApiDocument | undefined;

/** GET /openapi.json: built once per container from the route manifest the API itself is made of. */
export const handler = http.public({}, async () => {
  document ??= buildOpenApiDocument(routes, { includeLocalOnly: config().STAGE === 'local' });
  return json(200, document, { 'cache-control': 'public, max-age=300' });
});
