import { lambdaEntry } from '../../shared/entry/entry';
import { tokenRefreshService } from '../../shared/wiring/schedules';

/** Scheduled (infra/schedules.ts: refresh-tokens): refreshes tokens about to expire, for every provider. */
export const handler = lambdaEntry(async () => tokenRefreshService().refreshExpiring());
