import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { resetDynamo } from '../../shared/adapters/dynamo/client';
import { resetJwtSecret } from '../../shared/adapters/secrets/jwt-secret';
import { config, resetConfig } from '../../shared/config';
import { installLocalStageAdapters, type LocalStageAdapters } from '../../shared/wiring/local-stage';
import { routes } from '../routes';
import { InProcessFunctionInvoker } from './adapters/in-process-functions';
import { InProcessPublisher, setQueueJournal } from './adapters/in-process-queues';
import { LocalKeyProvider } from './adapters/local-key-provider';
import { DynamoLocalMailbox } from './adapters/local-mailbox';
import { LocalQueueStats, LocalWorkflowFailures } from './adapters/local-queue-stats';
import { LocalQueueStore } from './adapters/local-queue-store';
import { provisionAwsEndpoint } from './aws-emulated';
import { ensureTable, startDynalite } from './dynamo';
import { createLocalHttpServer, type LocalRoute, listen } from './http-server';
import type { LocalPlugin, RunningPlugin } from './plugin';
import { plugins as defaultPlugins } from './plugins';
import { enforceDeclaredResources, resourceGuard } from './resource-guard';
import { loadLocalSecrets } from './secrets';
import { toQueuedMessages } from './table-queue';

export interface LocalStageOptions {
  /** 0 picks a free port. Default: PORT or 3000. */
  port?: number;
  /** Where dynalite and local secrets persist; `null` keeps everything in memory (tests). */
  dataDir?: string | null;
  /** Environment for the handlers, applied before anything starts (provider URLs, keys, FLOWIA_SIMULATE…). */
  env?: Record<string, string | undefined>;
  plugins?: LocalPlugin[];
  /** Providers the handlers use instead of the real adapters (a test's recording provider), by name. */
  providers?: LocalStageAdapters['providers'];
}

export interface LocalStage {
  url: string;
  port: number;
  banner: string[];
  stop(): Promise<void>;
}

const TABLE = 'flowia-local';

/** Starts the local stage: dynalite, the table, plugins (queues, workflow, schedules, fakes), the HTTP server. */
export async function startLocalStage(options: LocalStageOptions = {}): Promise<LocalStage> {
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  const dataDir =
    options.dataDir === null
      ? undefined
      : resolve(options.dataDir ?? process.env.FLOWIA_DATA_DIR ?? '.local');
  const port = options.port ?? Number(process.env.PORT ?? 3000);
  const secrets = loadLocalSecrets(dataDir);
  const dynamo = await startDynalite(dataDir ? resolve(dataDir, 'dynamo') : undefined);

  const setEnv = (name: string, value: string) => {
    process.env[name] = value;
    resetConfig();
  };
  setEnv('STAGE', 'local');
  // Outbound webhooks may reach a receiver on this machine (the local stage only; config refuses it elsewhere).
  // WEBHOOKS_ALLOW_LOOPBACK=0 turns the AWS guard on locally too.
  if (process.env.WEBHOOKS_ALLOW_LOOPBACK === undefined) setEnv('WEBHOOKS_ALLOW_LOOPBACK', '1');
  setEnv('TABLE_NAME', TABLE);
  setEnv('DYNAMODB_ENDPOINT', dynamo.endpoint);
  const banner: string[] = [];
  const awsEndpoint = config().FLOWIA_AWS_ENDPOINT;
  if (awsEndpoint) {
    // AWS-emulated: SQS, KMS and Secrets Manager at that endpoint, through the same adapters as in AWS.
    let aws: Awaited<ReturnType<typeof provisionAwsEndpoint>>;
    try {
      aws = await provisionAwsEndpoint(awsEndpoint, {
        stage: config().STAGE,
        region: config().AWS_REGION,
        jwtSecret: process.env.JWT_SECRET ?? secrets.jwtSecret,
      });
    } catch (error) {
      await dynamo.stop();
      throw new Error(`FLOWIA_AWS_ENDPOINT=${awsEndpoint}: ${(error as Error).message}`);
    }
    for (const [name, value] of Object.entries(aws.env)) setEnv(name, value);
    setEnv('FLOWIA_LOCAL_TRANSPORT', '0');
    // The JWT key is read from Secrets Manager (JWT_SECRET_ARN), the vault wraps with KMS (KMS_KEY_ID).
    delete process.env.JWT_SECRET;
    delete process.env.LOCAL_MASTER_KEY;
    banner.push(...aws.banner);
  } else {
    setEnv('FLOWIA_LOCAL_TRANSPORT', '1');
    process.env.JWT_SECRET ??= secrets.jwtSecret;
    process.env.LOCAL_MASTER_KEY ??= secrets.masterKey;
  }
  resetConfig();
  resetDynamo();
  resetJwtSecret();
  await ensureTable(dynamo.endpoint, TABLE);
  const masterKey = config().LOCAL_MASTER_KEY;
  // The adapters standing in for AWS services, before any handler runs (AWS-emulated: SQS and KMS themselves).
  installLocalStageAdapters({
    resourceGuard,
    // Moto cannot run Node functions without Docker: the AWS-emulated stage runs them in process too.
    functionInvoker: new InProcessFunctionInvoker(),
    ...(options.providers ? { providers: options.providers } : {}),
    mailbox: new DynamoLocalMailbox(),
    ...(masterKey ? { keyProvider: new LocalKeyProvider(masterKey) } : {}),
    ...(awsEndpoint
      ? {}
      : {
          queuePublisher: new InProcessPublisher(),
          queueStats: new LocalQueueStats(),
          workflowFailures: new LocalWorkflowFailures(),
        }),
  });
  // Each handler runs with only the environment its manifest entry declares, and a queue send or a table write it
  // does not declare throws (infra/local/resource-guard.ts), as the missing URL or grant would fail it in AWS.
  enforceDeclaredResources(true);
  if (!awsEndpoint) {
    // Messages published while a queue has no consumer yet (or any more) are stored for it, never held in memory.
    const journal = new LocalQueueStore();
    setQueueJournal((queue, messages) => journal.append(queue, toQueuedMessages(messages)));
  }

  // The server is created first so plugins know the port (OAuth redirect URIs, console links).
  const localRoutes: LocalRoute[] = [];
  const server: Server = createLocalHttpServer(routes, localRoutes);
  const actualPort = await listen(server, port);
  const url = `http://127.0.0.1:${actualPort}`;
  setEnv('PORT', String(actualPort));
  if (!process.env.APP_BASE_URL || options.port === 0) setEnv('APP_BASE_URL', url);

  const running: Array<{ name: string; plugin: RunningPlugin }> = [];
  try {
    for (const plugin of options.plugins ?? defaultPlugins) {
      const started = await plugin.start({
        dataDir,
        setEnv,
        env: (name) => process.env[name],
        addRoute: (route) => localRoutes.push(route),
        baseUrl: url,
      });
      if (started) {
        running.push({ name: plugin.name, plugin: started });
        if (started.banner) banner.push(...[started.banner].flat());
      }
    }
  } catch (error) {
    await stopAll();
    throw error;
  }

  async function stopAll(): Promise<void> {
    // Stop accepting requests first, then drain plugins in reverse order, then close the data store.
    await new Promise<void>((done) => server.close(() => done()));
    server.closeAllConnections?.();
    for (const { plugin } of running.reverse()) await plugin.stop?.();
    setQueueJournal(undefined);
    enforceDeclaredResources(false);
    installLocalStageAdapters({});
    resetDynamo();
    await dynamo.stop();
  }

  let stopping: Promise<void> | undefined;
  return {
    url,
    port: actualPort,
    banner,
    stop: () => {
      stopping ??= stopAll();
      return stopping;
    },
  };
}
