export { HELD_OUT_CASES } from './held-out';
export { SAMPLE_KNOWLEDGE } from './knowledge';
export { TUNING_CASES } from './tuning';
export type { AiCase } from './types';
