import { brotliCompressSync, constants } from 'node:zlib';
import { routes } from '../infra/routes';
import { buildOpenApiDocument } from '../shared/http/openapi';

const doc = JSON.stringify(buildOpenApiDocument(routes, { includeLocalOnly: false }));
const br = brotliCompressSync(doc, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
console.log('json', doc.length, 'br', br.length, 'b64', br.toString('base64').length);
