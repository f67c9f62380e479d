import { inventedFacts, normaliseFacts as normalise } from '../../shared/domain/knowledge/facts';
import type { Knowledge } from '../../shared/domain/knowledge/knowledge';
import { detectEmail } from '../../shared/domain/leads/email';
import { detectPhone } from '../../shared/domain/leads/phone';
import type { AiEngine } from '../../shared/services/ai/ports';
import { detectIntents, type Intent, primaryIntent } from '../../shared/services/ai/rules/intents';
import type { AiCase } from '../data/ai-corpus/types';

/**
 * The measured quality of an AI engine on the labelled corpus (test/data/ai-corpus). Intents are the rule
 * engine's (`detectIntents` + `primaryIntent`: the model has no intent output); phones come from the engine's
 * extractPhoneNumber; emails from detectEmail (both engines use it); handover and facts from generateReply with
 * the sample knowledge. A reply "states a fact missing from the knowledge" when it contains one of the case's
 * `mustNot` facts, or an amount, a percentage, a time, a number of days or a link that the knowledge lacks.
 */
export { inventedFacts };

export interface EvalFailure {
  text: string;
  field: 'intent' | 'handover' | 'phone' | 'email' | 'missing_fact' | 'invented_fact';
  expected: string;
  got: string;
}

export interface EvalReport {
  cases: number;
  /** null when the engine was not asked for intents (the model has none). */
  intentAccuracy: number | null;
  /** null when the engine handed nothing over (precision is undefined then). */
  handoverPrecision: number | null;
  handoverRecall: number;
  phoneExactMatch: number;
  /** Exact match on the cases that contain a phone only. */
  phoneRecall: number;
  emailExactMatch: number;
  /** Share of the replies stating a fact missing from the knowledge. */
  inventedFactRate: number;
  /** Share of the cases with `must` facts whose reply states all of them. */
  requiredFactCoverage: number;
  failures: EvalFailure[];
}

const ratio = (n: number, d: number) => (d === 0 ? 1 : n / d);

export interface EvalOptions {
  knowledge: Knowledge;
  /** Measure intents with the rules (false for the model, which has no intent output). */
  intents: boolean;
}

export async function evaluate(engine: AiEngine, cases: AiCase[], options: EvalOptions): Promise<EvalReport> {
  const failures: EvalFailure[] = [];
  let intentHits = 0;
  let phoneHits = 0;
  let phoneCases = 0;
  let phoneCaseHits = 0;
  let emailHits = 0;
  let truePositive = 0;
  let predicted = 0;
  let expectedHandovers = 0;
  let inventedReplies = 0;
  let mustCases = 0;
  let mustHits = 0;

  for (const item of cases) {
    const fail = (field: EvalFailure['field'], expected: unknown, got: unknown) =>
      failures.push({ text: item.text, field, expected: String(expected), got: String(got) });
    const base = { workspaceId: 'eval', text: item.text };

    if (options.intents) {
      const phoneOrEmail = detectPhone(item.text) ?? detectEmail(item.text);
      const intent: Intent | null = primaryIntent(detectIntents(item.text, phoneOrEmail));
      if (intent === item.intent) intentHits += 1;
      else fail('intent', item.intent, intent);
    }

    const phone = (await engine.extractPhoneNumber(base)).value;
    const expectedPhone = item.phone ?? null;
    if (phone === expectedPhone) phoneHits += 1;
    else fail('phone', expectedPhone, phone);
    if (expectedPhone) {
      phoneCases += 1;
      if (phone === expectedPhone) phoneCaseHits += 1;
    }

    const email = detectEmail(item.text);
    if (email === (item.email ?? null)) emailHits += 1;
    else fail('email', item.email ?? null, email);

    const reply = await engine.generateReply({
      ...base,
      platform: 'instagram',
      kind: item.kind,
      authorName: null,
      instruction: null,
      knowledge: options.knowledge,
    });
    const handover = reply.handover === true;
    const expectedHandover = item.handover === true;
    if (handover) predicted += 1;
    if (expectedHandover) expectedHandovers += 1;
    if (handover && expectedHandover) truePositive += 1;
    if (handover !== expectedHandover) fail('handover', expectedHandover, handover);

    const said = normalise(reply.value);
    const invented = [
      ...(item.mustNot ?? []).filter((fact) => said.includes(normalise(fact))),
      ...inventedFacts(reply.value, options.knowledge),
    ];
    if (invented.length > 0) {
      inventedReplies += 1;
      fail('invented_fact', 'none', `${invented.join(', ')} in "${reply.value}"`);
    }
    if (item.must?.length) {
      mustCases += 1;
      const missing = item.must.filter((fact) => !said.includes(normalise(fact)));
      if (missing.length === 0) mustHits += 1;
      else fail('missing_fact', missing.join(', '), `"${reply.value}"`);
    }
  }

  return {
    cases: cases.length,
    intentAccuracy: options.intents ? ratio(intentHits, cases.length) : null,
    handoverPrecision: predicted === 0 ? null : truePositive / predicted,
    handoverRecall: ratio(truePositive, expectedHandovers),
    phoneExactMatch: ratio(phoneHits, cases.length),
    phoneRecall: ratio(phoneCaseHits, phoneCases),
    emailExactMatch: ratio(emailHits, cases.length),
    inventedFactRate: ratio(inventedReplies, cases.length),
    requiredFactCoverage: ratio(mustHits, mustCases),
    failures,
  };
}

const percent = (value: number | null) =>
  value === null ? '   n/a' : `${(value * 100).toFixed(1).padStart(5)} %`;

/** One table row per report: the figures the README quotes. */
export function formatReports(rows: { name: string; report: EvalReport }[]): string {
  const header = `${'engine / split'.padEnd(34)}cases  intent    handover P  handover R  phone     phone(has) email     invented  facts`;
  const lines = rows.map(({ name, report: r }) =>
    [
      name.padEnd(32),
      String(r.cases).padStart(6),
      ` ${percent(r.intentAccuracy)}`,
      `  ${percent(r.handoverPrecision)}`,
      `   ${percent(r.handoverRecall)}`,
      `   ${percent(r.phoneExactMatch)}`,
      ` ${percent(r.phoneRecall)}`,
      `   ${percent(r.emailExactMatch)}`,
      ` ${percent(r.inventedFactRate)}`,
      ` ${percent(r.requiredFactCoverage)}`,
    ].join(''),
  );
  return [header, ...lines].join('\n');
}
