import { localWorkflow, workflowPlugin } from '../../../infra/local/workflow-plugin';
import { signupWithWorkspace } from '../../support/api';
import { makeLead, seedLeadsInBulk } from '../../support/leads';
import { growth } from '../cost';
import { pool, startMetaBenchStage } from '../meta-stage';

/**
 * Does the hot path stay flat as data grows? The pipeline with the same total messages spread over 1, 10 and
 * 100 workspaces (one stage, so the table keeps what earlier rounds wrote), then GET /leads pages in one workspace
 * holding 1k, 10k and 100k leads. Time per message and per page, and each round's ratio to the first: about 1 is
 * flat; a scan or a per-workspace loop would grow with the data.
 */
const WORKSPACE_COUNTS = [1, 10, 100];
const MESSAGES = Number(process.env.FLOWIA_BENCH_SCALING_MESSAGES ?? 300);
const LEAD_COUNTS = (process.env.FLOWIA_BENCH_SCALING_LEADS ?? '1000,10000,100000').split(',').map(Number);
const PAGES = 10;
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
    const listPages: Array<{ leads: number; msPerPage: number; msPerFilteredPage: number }> = [];
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
      const pageTime = async (query: string) => {
        let cursor: string | null = null;
        const started = performance.now();
        for (let page = 0; page < PAGES; page++) {
          const response: { status: number; body: { nextCursor: string | null } } = await bench.stage.api.get(
            `/leads?limit=${PAGE_SIZE}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
            auth,
          );
          if (response.status !== 200) throw new Error(`GET /leads answered ${response.status}`);
          cursor = response.body.nextCursor;
        }
        return Math.round(((performance.now() - started) / PAGES) * 100) / 100;
      };
      await pageTime(''); // warm
      listPages.push({
        leads: seeded,
        msPerPage: await pageTime(''),
        msPerFilteredPage: await pageTime('&status=contacted'),
      });
      console.error(`  GET /leads with ${seeded} leads: ${listPages.at(-1)!.msPerPage} ms a page`);
    }
    return {
      pipeline,
      pipelineGrowth: growth(pipeline.map((p) => p.msPerMessage)),
      listPages,
      listPageGrowth: growth(listPages.map((p) => p.msPerPage)),
      filteredPageGrowth: growth(listPages.map((p) => p.msPerFilteredPage)),
      dmsSent: bench.graph.state.sent.length,
      note: 'growth: each round over the first; ≈ 1 is flat (target: flat, no scans or per-workspace loops)',
    };
  } finally {
    await bench.stop();
  }
}
