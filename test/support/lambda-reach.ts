import { build } from 'esbuild';
import { LAMBDA_ESBUILD_OPTIONS, writeBundleModules } from '../../infra/cdk/bundling';
import { REPO_ROOT } from '../../infra/cdk/paths';
import { INTERNAL_FUNCTION_NAMES } from '../../infra/internal-functions';
import { PROVIDER_KEYS } from '../../infra/resource-needs';
import type { InternalFunctionName } from '../../shared/services/functions/ports';
import type { QueueName } from '../../shared/services/queue/ports';

/** What one Lambda's bundled code can reach, found by reading its bundle (see reachOf). */
export interface Reach {
  tableRead: boolean;
  tableWrite: boolean;
  queues: Set<QueueName>;
  /** 'seal' when the KMS adapter's GenerateDataKey is in the bundle, 'open' for Decrypt alone. */
  vault?: 'seal' | 'open';
  jwtSecret: boolean;
  providerSecrets: boolean;
  email: boolean;
  queueStats: boolean;
  workflowFailures: boolean;
  /** Internal functions the code names, when the bundle holds the invoker. */
  invokes: Set<InternalFunctionName>;
  /** Why each resource was found: resource → the first module that reached it. */
  evidence: Map<string, string>;
}

/** Code that names a provider credential (held in the stage's provider secret) reads the secret. */
const PROVIDER_SECRET_NAMES = new RegExp(`\\b(${PROVIDER_KEYS.join('|')})\\b`);
/** Modules that only name the environment (the schema, the secret loader): naming a key is not reading it. */
const ENV_SCHEMA_MODULES = new Set(['shared/config.ts', 'shared/runtime/provider-secrets.ts']);
const TABLE_WRITE = /\bnew (Put|Update|Delete|BatchWrite|TransactWrite)(Item)?Command\d*\(/;
const TABLE_READ = /\bnew (Get|Query|Scan|BatchGet)(Item)?Command\d*\(/;
const QUEUE_LITERAL = /(['"])(incomingMessages|browserLinkedIn)\1/g;

/**
 * The adapters that are a resource when their code is in a bundle. A module counts only when esbuild kept code of
 * it (its section has more than import lines): a module imported for a type, or whose exports were all
 * tree-shaken, reaches nothing.
 */
const ADAPTER_RESOURCES: Array<[string, keyof Reach]> = [
  ['shared/adapters/secrets/jwt-secret.ts', 'jwtSecret'],
  ['shared/adapters/ses/ses-email-sender.ts', 'email'],
  ['shared/adapters/queue/sqs-queue-stats.ts', 'queueStats'],
  ['shared/adapters/workflow/sfn-workflow-failures.ts', 'workflowFailures'],
];
const KMS_ADAPTER = 'shared/adapters/kms/kms-key-provider.ts';
const QUEUE_PUBLISHER = 'shared/wiring/queues.ts';
const FUNCTION_INVOKER = 'shared/wiring/functions.ts';
const FUNCTION_LITERAL = new RegExp(`(['"])(${INTERNAL_FUNCTION_NAMES.join('|')})\\1`, 'g');

/** An unminified ESM bundle, cut at esbuild's `// <path>` comments into one section per source module. */
function sections(text: string): Map<string, string> {
  const found = new Map<string, string>();
  let current: string | undefined;
  let lines: string[] = [];
  const flush = () => {
    if (current) found.set(current, `${found.get(current) ?? ''}${lines.join('\n')}\n`);
  };
  for (const line of text.split('\n')) {
    // Dependencies resolve through node_modules' real path (a symlink in worktrees), so any relative path counts.
    const header = /^\/\/ (\S+\.(?:ts|mts|cts|js|mjs|cjs|json))$/.exec(line);
    if (header) {
      flush();
      current = header[1];
      lines = [];
    } else lines.push(line);
  }
  flush();
  return found;
}

/** A section esbuild kept code of: anything beyond import statements, blank lines and comments. */
const hasCode = (section: string) =>
  section.split('\n').some((line) => {
    const trimmed = line.trim();
    return trimmed !== '' && !trimmed.startsWith('import ') && !trimmed.startsWith('//');
  });

function reachOf(text: string): Reach {
  const reach: Reach = {
    tableRead: false,
    tableWrite: false,
    queues: new Set(),
    jwtSecret: false,
    providerSecrets: false,
    email: false,
    queueStats: false,
    workflowFailures: false,
    invokes: new Set(),
    evidence: new Map(),
  };
  const note = (resource: string, module: string) => {
    if (!reach.evidence.has(resource)) reach.evidence.set(resource, module);
  };
  const kept = [...sections(text)].filter(([, section]) => hasCode(section));
  const ours = kept.filter(([module]) => !module.includes('node_modules/'));
  const publishes = ours.some(([module]) => module === QUEUE_PUBLISHER);
  const invokes = ours.some(([module]) => module === FUNCTION_INVOKER);
  for (const [module, section] of ours) {
    if (TABLE_WRITE.test(section)) {
      reach.tableWrite = true;
      note('table write', module);
    }
    if (TABLE_READ.test(section)) {
      reach.tableRead = true;
      note('table read', module);
    }
    if (publishes && module !== 'shared/services/queue/ports.ts')
      for (const [, , queue] of section.matchAll(QUEUE_LITERAL)) {
        reach.queues.add(queue as QueueName);
        note(`queue ${queue}`, module);
      }
    if (invokes)
      for (const [, , name] of section.matchAll(FUNCTION_LITERAL)) {
        reach.invokes.add(name as InternalFunctionName);
        note(`function ${name}`, module);
      }
    if (!ENV_SCHEMA_MODULES.has(module) && PROVIDER_SECRET_NAMES.test(section)) {
      reach.providerSecrets = true;
      note('provider secrets', module);
    }
    for (const [adapter, resource] of ADAPTER_RESOURCES)
      if (module === adapter) {
        (reach[resource] as boolean) = true;
        note(resource, module);
      }
    if (module === KMS_ADAPTER) {
      reach.vault = /GenerateDataKeyCommand/.test(section) ? 'seal' : 'open';
      note('vault', module);
    }
  }
  return reach;
}

/**
 * Bundles every entry at once, as CDK does (the same esbuild options, unminified so each module's section is
 * labelled), and reads what each bundle's code can reach.
 */
export async function reachOfEntries(entries: string[]): Promise<Map<string, Reach>> {
  writeBundleModules();
  const result = await build({
    ...LAMBDA_ESBUILD_OPTIONS,
    minify: false,
    entryPoints: Object.fromEntries(entries.map((entry, i) => [`entry${i}`, entry])),
    absWorkingDir: REPO_ROOT,
    outdir: '/reach',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const byOutput = new Map(result.outputFiles.map((file) => [file.path, file.text]));
  return new Map(
    entries.map((entry, i) => {
      const text = byOutput.get(`/reach/entry${i}.js`);
      if (text === undefined) throw new Error(`esbuild wrote no bundle for ${entry}`);
      return [entry, reachOf(text)];
    }),
  );
}
