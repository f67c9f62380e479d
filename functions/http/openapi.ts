import { openApiDocument } from '#openapi-document';
import { http } from '../../shared/http/handler';
import type { OpenApiDocument } from '../../shared/http/openapi';
import { json } from '../../shared/http/response';

let document: OpenApiDocument | undefined;

/** GET /openapi.json: the route manifest's document (functions/http/openapi-document.ts), read once per container. */
export const handler = http.public({}, async () => {
  document ??= openApiDocument();
  return json(200, document, { 'cache-control': 'public, max-age=300' });
});
