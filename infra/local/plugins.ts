import { linkedInPlugin } from './linkedin-plugin';
import type { LocalPlugin } from './plugin';

/** The local stage's plugins, in start order. Each feature that needs a runtime piece locally adds it here. */
export const plugins: LocalPlugin[] = [linkedInPlugin()];
