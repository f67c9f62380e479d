import type { LocalPlugin } from './plugin';
import { simulatedWorld } from './simulation/world';

/**
 * Simulated Meta alone, for callers that compose their own plugin list. The local stage runs the whole
 * simulated world (simulation/world.ts), which starts Meta with the same code.
 */
export const metaSimulation: LocalPlugin = simulatedWorld({ only: ['Meta'], name: 'meta-simulation' });
