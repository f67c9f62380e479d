import type { LocalPlugin } from './plugin';
import { schedulesPlugin } from './schedules-plugin';

/** The local stage's plugins, in start order. Each feature that needs a runtime piece locally adds it here. */
export const plugins: LocalPlugin[] = [schedulesPlugin];
