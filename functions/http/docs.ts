import { DOCS_PAGE_CSP, DOCS_PAGE_HTML } from '../../shared/http/docs-page';
import { http } from '../../shared/http/handler';
import { text } from '../../shared/http/response';

/** GET /docs: the self-contained API reference page; it reads /openapi.json from the same origin. */
export const handler = http.public({}, async () => {
  const response = text(200, DOCS_PAGE_HTML, 'text/html; charset=utf-8');
  response.headers['content-security-policy'] = DOCS_PAGE_CSP;
  response.headers['x-content-type-options'] = 'nosniff';
  return response;
});
