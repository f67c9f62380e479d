import { PassThrough } from 'node:stream';
import { actorOf } from '../../../shared/domain/audit/audit-entry';
import { writeChunk } from '../../../shared/http/lambda-streaming';
import { spendBudget } from '../../../shared/http/rate-limit';
import { streamingRoute } from '../../../shared/http/streaming';
import { leadFilterQuery, toLeadFilter } from '../../../shared/schemas/leads';
import { leadQueries } from '../../../shared/wiring/lead-queries';
import { exportLimiter } from '../../../shared/wiring/rate-limit';

/**
 * GET /leads/export.csv, served by a function URL in RESPONSE_STREAM mode: rows go out as they are read, page by
 * page, so 100,000 leads cost no more memory than 500, and no API Gateway payload cap applies. A function URL has
 * no API limiter in front, and each export reads every lead of the workspace: exports are counted per workspace
 * (RATE_LIMIT_EXPORT_PER_WORKSPACE per RATE_LIMIT_EXPORT_WINDOW_SECONDS, 429 with Retry-After past it).
 */
export const handler = streamingRoute({ query: leadFilterQuery }, async ({ workspace, query, auth }) => {
  await spendBudget(exportLimiter(), workspace.id, 'Too many CSV exports for this workspace; retry later.');
  const day = new Date().toISOString().slice(0, 10);
  // The export writes into the body as the client reads it (writeChunk waits on backpressure); a client that
  // goes away destroys the body, which stops the export at its next page.
  const body = new PassThrough();
  leadQueries()
    .exportCsv(workspace.id, toLeadFilter(query), (chunk) => writeChunk(body, chunk), actorOf(auth))
    .then(
      () => body.end(),
      (error: Error) => body.destroy(error),
    );
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="leads-${day}.csv"`,
      'cache-control': 'no-store',
    },
    body,
  };
});
