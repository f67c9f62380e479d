import { writeChunk } from '../../../shared/http/lambda-streaming';
import { streamingWorkspaceRoute } from '../../../shared/http/streaming-route';
import { leadFilterQuery, toLeadFilter } from '../../../shared/schemas/leads';
import { leadQueries } from '../../../shared/wiring/lead-queries';

/**
 * GET /leads/export.csv, served by a function URL in RESPONSE_STREAM mode: rows go out as they are read, page by
 * page, so 100,000 leads cost no more memory than 500, and no API Gateway payload cap applies.
 */
export const handler = streamingWorkspaceRoute(
  { query: leadFilterQuery },
  async ({ workspace, query }, open) => {
    const day = new Date().toISOString().slice(0, 10);
    const stream = open({
      statusCode: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="leads-${day}.csv"`,
        'cache-control': 'no-store',
      },
    });
    await leadQueries().exportCsv(workspace.id, toLeadFilter(query), (chunk) => writeChunk(stream, chunk));
    await new Promise<void>((resolve, reject) =>
      stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
  },
);
