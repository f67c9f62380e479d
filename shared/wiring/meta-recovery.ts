import type { AccountRecoveryService } from '../services/account-health/account-recovery';
import { accountRecoveryWith } from './account-recovery';
import { built } from './container';
import { metaProvider } from './meta';
import { providerLookup } from './provider-lookup';

// Apart from meta.ts: the recovery's collector parses incoming messages (~95 zod schemas built at import), which
// the Lambdas that only call Meta (send, follow-ups, the human reply) would build at every cold start for nothing.
/** The backfill after a Meta or Instagram Login connect: Meta's provider only (the accounts are Meta's). */
export function metaAccountRecovery(): AccountRecoveryService {
  return built(metaAccountRecovery, () => accountRecoveryWith(providerLookup({ meta: metaProvider })));
}
