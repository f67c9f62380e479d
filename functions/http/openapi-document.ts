import { routes } from '../../infra/routes';
import { config } from '../../shared/config';
import { buildOpenApiDocument, type OpenApiDocument } from '../../shared/http/openapi';

/**
 * The document GET /openapi.json serves, built from the route manifest the API itself is made of. The handler
 * imports it as `#openapi-document` (package.json "imports"): this module when the code runs from source (the
 * local stage, the tests), and in a Lambda bundle the module infra/cdk/openapi-bundle.ts generates from this very
 * function at bundle time, which holds the finished document compressed instead of the manifest, every schema and
 * zod's JSON-schema generator.
 */
export function openApiDocument(stage: string = config().STAGE): OpenApiDocument {
  return buildOpenApiDocument(routes, { includeLocalOnly: stage === 'local' });
}
