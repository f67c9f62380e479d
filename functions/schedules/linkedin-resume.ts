import { lambdaEntry } from '../../shared/entry/entry';
import { logger } from '../../shared/observability/logger';
import { linkedInService } from '../../shared/wiring/linkedin';

/** Every few minutes: deferred LinkedIn jobs (working hours, daily limit) that are due go back on the queue. */
export const handler = lambdaEntry(async (): Promise<{ resumed: number }> => {
  const resumed = await linkedInService().resumeDue();
  if (resumed > 0) logger.info('Resumed deferred LinkedIn jobs', { resumed });
  return { resumed };
});
