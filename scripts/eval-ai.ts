/**
 * `npm run eval:ai`: the AI engine's measured quality on the labelled corpus (test/data/ai-corpus), tuning and
 * held-out parts apart. The rule engine always runs (offline, deterministic); OpenAI runs too when
 * OPENAI_API_KEY is set (OPENAI_BASE_URL and OPENAI_MODEL as for the stage; no cache, no rate limiter, so every
 * case reaches the model: about 2 calls per case). `--failures` lists the tuning part's failures,
 * `--failures=held-out` the held-out part's (look at them only after the rules are final).
 */
import { OpenAiStructuredCompletion } from '../shared/adapters/openai/openai-completion';
import { LlmAiEngine } from '../shared/services/ai/llm-engine';
import type { AiEngine } from '../shared/services/ai/ports';
import { RuleBasedAiEngine } from '../shared/services/ai/rule-engine';
import { HELD_OUT_CASES, SAMPLE_KNOWLEDGE, TUNING_CASES } from '../test/data/ai-corpus';
import { type EvalReport, evaluate, formatReports } from '../test/eval/ai-eval';

const show = process.argv.find((a) => a.startsWith('--failures'));
const engines: { name: string; engine: AiEngine; intents: boolean }[] = [
  { name: 'rules', engine: new RuleBasedAiEngine(), intents: true },
];
const apiKey = process.env.OPENAI_API_KEY;
if (apiKey) {
  const completion = new OpenAiStructuredCompletion({
    apiKey,
    ...(process.env.OPENAI_BASE_URL ? { baseURL: process.env.OPENAI_BASE_URL } : {}),
    model: process.env.OPENAI_MODEL ?? 'gpt-4o-mini',
    timeoutMs: 20_000,
    maxAttempts: 3,
  });
  const engine = new LlmAiEngine({ completion, cache: null, limiter: null, budgetMs: 60_000 });
  engines.push({ name: `openai ${completion.model}`, engine, intents: false });
} else console.log('OPENAI_API_KEY is not set: the rule engine only.\n');

const rows: { name: string; report: EvalReport; split: string }[] = [];
for (const { name, engine, intents } of engines)
  for (const [split, cases] of [
    ['tuning', TUNING_CASES],
    ['held-out', HELD_OUT_CASES],
    ['all', [...TUNING_CASES, ...HELD_OUT_CASES]],
  ] as const)
    rows.push({
      name: `${name} / ${split}`,
      split,
      report: await evaluate(engine, [...cases], { knowledge: SAMPLE_KNOWLEDGE, intents }),
    });

console.log(formatReports(rows));
if (show) {
  const split = show === '--failures=held-out' ? 'held-out' : 'tuning';
  for (const row of rows.filter((r) => r.split === split)) {
    console.log(`\n${row.name}: ${row.report.failures.length} failure(s)`);
    for (const f of row.report.failures)
      console.log(`  [${f.field}] ${JSON.stringify(f.text)} expected ${f.expected}, got ${f.got}`);
  }
}
