import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../../../shared/adapters/dynamo/client';
import * as keys from '../../../shared/adapters/dynamo/keys';
import { csvRecord } from '../../../shared/domain/leads/csv';
import { ratio } from '../../bench/cost';
import { signupWithWorkspace } from '../../support/api';
import { downloadCounting, downloadMeasuringHeap } from '../../support/heap';
import { makeLead, seedLeadsInBulk } from '../../support/leads';
import { startTestStage } from '../../support/stage';

/**
 * GET /leads/export.csv with 100,000 leads, end to end over HTTP (function-URL streaming handler → DynamoDB
 * pages → CSV), twice: once timed, for the speed, and once while the retained heap is sampled, for the memory:
 * streaming should hold about one page, where 100,000 lead objects gathered in memory would be ≈ 80 MB.
 * Reported, not asserted (the 10k test in the suite asserts it). Each heap sample is two full collections of this
 * whole process (stage and dynalite included), which cost about as much CPU as the export itself at 30,000 leads,
 * so the timed download is never the sampled one (the floor is not sampled either).
 */
const COUNT = Number(process.env.FLOWIA_BENCH_EXPORT_LEADS ?? 100_000);
const FLAT_LIMIT_BYTES = 8 * 1024 * 1024;
const COLUMNS = [
  'id',
  'name',
  'handle',
  'platform',
  'status',
  'score',
  'phone',
  'email',
  'lastInteractionAt',
];

/**
 * The export's floor in the same run: the same recency-index query, page after page with the same client, each
 * item turned into a CSV record, nothing else (no HTTP, no streaming, no authorisation, no plan checks).
 */
async function bareQueryAndSerialise(workspaceId: string) {
  const started = performance.now();
  let rows = 0;
  let bytes = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.leadByRecency(workspaceId, '', '').gsi1pk },
        ScanIndexForward: false,
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) {
      bytes += csvRecord(COLUMNS.map((column) => item[column] as string | number | null)).length;
      rows += 1;
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  const seconds = (performance.now() - started) / 1000;
  return {
    rows,
    megabytes: Math.round((bytes / 1024 / 1024) * 10) / 10,
    rowsPerSecond: Math.round(rows / seconds),
  };
}

export async function run() {
  const stage = await startTestStage();
  try {
    const owner = await signupWithWorkspace(stage.api, 'bench');
    const ws = owner.workspaceId;
    function* leads() {
      for (let i = 0; i < COUNT; i++)
        yield makeLead(ws, { lastInteractionAt: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString() });
    }
    const seedStarted = performance.now();
    // The unfiltered export reads only the recency index, so only its keys are seeded (faster on dynalite).
    const seeded = await seedLeadsInBulk(leads(), 8, true);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    await stage.api.get('/leads/export.csv?status=lost', { token: owner.accessToken, workspaceId: ws });

    const url = `${stage.url}/leads/export.csv`;
    const headers = { authorization: `Bearer ${owner.accessToken}`, 'x-workspace-id': ws };
    const started = performance.now();
    const download = await downloadCounting(url, headers);
    const seconds = (performance.now() - started) / 1000;
    const floor = await bareQueryAndSerialise(ws);
    const sampled = await downloadMeasuringHeap(url, headers, { everyMs: 1000, everyBytes: 4 * 1024 * 1024 });
    const rowsPerSecond = Math.round(COUNT / seconds);
    return {
      bareFloor: floor,
      vsFloor: ratio(rowsPerSecond, floor.rowsPerSecond, 'higher-is-better', 0.6),
      target: { rowsPerSecond: 20_000, met: rowsPerSecond >= 20_000 },
      leads: seeded,
      status: download.status,
      csvRows: download.lines - 1,
      complete: download.lines === COUNT + 1,
      megabytes: Math.round((download.bytes / 1024 / 1024) * 10) / 10,
      exportSeconds: Math.round(seconds * 10) / 10,
      rowsPerSecond,
      seedSeconds: Math.round(seedSeconds),
      heapSamples: sampled.samples,
      sampledComplete: sampled.lines === COUNT + 1,
      peakRetainedGrowthMb: Math.round((sampled.peakGrowthBytes / 1024 / 1024) * 100) / 100,
      flatMemory: sampled.peakGrowthBytes < FLAT_LIMIT_BYTES,
    };
  } finally {
    await stage.stop();
  }
}
