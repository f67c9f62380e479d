import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { localWorkflow, workflowPlugin } from '../../../infra/local/workflow-plugin';
import { dynamo, tableName } from '../../../shared/adapters/dynamo/client';
import { leadByRecency } from '../../../shared/adapters/dynamo/keys';
import { signupWithWorkspace } from '../../support/api';
import { makeLead, seedLeadsInBulk } from '../../support/leads';
import { growth, percentiles } from '../cost';
import { pool, startMetaBenchStage } from '../meta-stage';

/**
 * Does the hot path stay flat as data grows? The pipeline with the same total messages spread over 1, 10 and
 * 100 workspaces (one stage, so the table keeps what earlier rounds wrote), then GET /leads pages in one workspace
 * holding 1k, 10k and 100k leads. Time per message and per page, and each round's ratio to the first: about 1 is
 * flat; a scan or a per-workspace loop would grow with the data. Each page size also has its floor: the bare
 * recency-index query of one page on the same client, so the ratio shows what the route adds as the data grows.
 */
const WORKSPACE_COUNTS = [1, 10, 100];
const MESSAGES = Number(process.env.FLOWIA_BENCH_SCALING_MESSAGES ?? 300);
const LEAD_COUNTS = (process.env.FLOWIA_BENCH_SCALING_LEADS ?? '1000,10000,100000').split(',').map(Number);
const PAGES = 10;
/** Walks of PAGES pages at each size: the page time is the median of WALKS × PAGES requests. */
const WALKS = 5;
const PAGE_SIZE = 50;
const CONCURRENCY = 8;

export async function run() {
  const bench = await startMetaBenchStage([workflowPlugin()], Math.max(...WORKSPACE_COUNTS));
  try {
    const pipeline: Array<{ workspaces: number; messages: number; msPerMessage: number }> = [];
    let offset = 0;
    for (const workspaces of WORKSPACE_COUNTS) {
      const signed = Array.from({ length: MESSAGES }, (_, i) => bench.dm(offset + i, i % workspaces));
      offset += MESSAGES;
      const started = performance.now();
      await pool(MESSAGES, CONCURRENCY, (i) => bench.post(signed[i]!));
      await localWorkflow().idle();
      const ms = performance.now() - started;
      pipeline.push({
        workspaces,
        messages: MESSAGES,
        msPerMessage: Math.round((ms / MESSAGES) * 100) / 100,
      });
      console.error(`  pipeline, ${workspaces} workspace(s): ${(ms / MESSAGES).toFixed(1)} ms a message`);
    }

    const owner = await signupWithWorkspace(bench.stage.api, 'bench-leads');
    const auth = { token: owner.accessToken, workspaceId: owner.workspaceId };
    const listPages: Array<{
      leads: number;
      msPerPage: number;
      msPerFilteredPage: number;
      floorMs: number;
      vsFloor: number;
    }> = [];
    let seeded = 0;
    for (const target of LEAD_COUNTS) {
      function* more() {
        for (let i = seeded; i < target; i++)
          yield makeLead(owner.workspaceId, {
            lastInteractionAt: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString(),
            status: i % 3 === 0 ? 'contacted' : 'new',
          });
      }
      seeded += await seedLeadsInBulk(more(), 8);
      // The median page of several walks (after a warm one): one slow page (a collection after seeding) moves a
      // mean of ten, not the median of fifty. The floor is the same index query on the same client, alone.
      const pageTimes = async (query: string) => {
        const samples: number[] = [];
        for (let walk = 0; walk < WALKS; walk++) {
          let cursor: string | null = null;
          for (let page = 0; page < PAGES; page++) {
            const started = performance.now();
            const response: { status: number; body: { nextCursor: string | null } } =
              await bench.stage.api.get(
                `/leads?limit=${PAGE_SIZE}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
                auth,
              );
            samples.push(performance.now() - started);
            if (response.status !== 200) throw new Error(`GET /leads answered ${response.status}`);
            cursor = response.body.nextCursor;
          }
        }
        return percentiles(samples).p50Ms;
      };
      const floorTimes = async () => {
        const samples: number[] = [];
        for (let i = 0; i < WALKS * PAGES; i++) {
          const started = performance.now();
          await dynamo().send(
            new QueryCommand({
              TableName: tableName(),
              IndexName: 'gsi1',
              KeyConditionExpression: 'gsi1pk = :pk',
              ExpressionAttributeValues: { ':pk': leadByRecency(owner.workspaceId, '', '').gsi1pk },
              ScanIndexForward: false,
              Limit: PAGE_SIZE + 1,
            }),
          );
          samples.push(performance.now() - started);
        }
        return percentiles(samples).p50Ms;
      };
      await pageTimes(''); // warm
      await floorTimes();
      const msPerPage = await pageTimes('');
      const floorMs = await floorTimes();
      listPages.push({
        leads: seeded,
        msPerPage,
        msPerFilteredPage: await pageTimes('&status=contacted'),
        floorMs,
        vsFloor: Math.round((msPerPage / floorMs) * 100) / 100,
      });
      console.error(
        `  GET /leads with ${seeded} leads: ${listPages.at(-1)!.msPerPage} ms a page (floor ${listPages.at(-1)!.floorMs} ms)`,
      );
    }
    return {
      pipeline,
      pipelineGrowth: growth(pipeline.map((p) => p.msPerMessage)),
      listPages,
      listPageGrowth: growth(listPages.map((p) => p.msPerPage)),
      listPageVsFloorGrowth: growth(listPages.map((p) => p.vsFloor)),
      filteredPageGrowth: growth(listPages.map((p) => p.msPerFilteredPage)),
      dmsSent: bench.graph.state.sent.length,
      note: 'growth: each round over the first; ≈ 1 is flat (target: flat, no scans or per-workspace loops)',
    };
  } finally {
    await bench.stop();
  }
}
