import { PROVIDERS } from '../../shared/domain/messages/platforms';
import { lambdaEntry } from '../../shared/entry/entry';
import * as z from '../../shared/schemas/zod';
import { collectorService } from '../../shared/wiring/schedules';

const input = z.object({ provider: z.enum(PROVIDERS) });

/** Scheduled (infra/schedules.ts: collect-meta, collect-tiktok, collect-youtube, collect-linkedin): new interactions of every account → queue. */
export const handler = lambdaEntry(
  async ({ provider }: z.output<typeof input>) => collectorService().collect(provider),
  {
    input,
  },
);
