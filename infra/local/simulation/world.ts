import type { LocalPlugin, LocalStageContext } from '../plugin';
import {
  type SimulatedCommentSource,
  type SimulatedYouTube,
  startSimulatedTikTok,
  startSimulatedYouTube,
} from './collected';
import { type SimulatedCrms, startSimulatedCrms } from './crm';
import { type SimulatedLinkedIn, startSimulatedLinkedIn } from './linkedin';
import { type SimulatedMeta, startSimulatedMeta } from './meta';
import { localReply } from './reply';
import { type SimulatedStripe, startSimulatedStripe } from './stripe';
import type { ProviderSimulation, ProviderStatus } from './types';

/** The running simulated world: the fakes the console and the demo talk to (absent when real or off). */
export interface SimulatedWorld {
  baseUrl: string;
  providers: ProviderStatus[];
  meta?: SimulatedMeta;
  stripe?: SimulatedStripe;
  crms?: SimulatedCrms;
  linkedin?: SimulatedLinkedIn;
  tiktok?: SimulatedCommentSource;
  youtube?: SimulatedYouTube;
}

/** The world of the stage running in this process (one at a time), set while the plugin runs. */
let current: SimulatedWorld | undefined;

/** The simulated world of the running local stage, if the plugin started. */
export function runningWorld(): SimulatedWorld | undefined {
  return current;
}

/**
 * The simulated world of the local stage: unless FLOWIA_SIMULATE=0, every provider whose keys or base URL are not
 * set runs as the project's own fake in-process, the adapters are pointed at it through the env (config is
 * re-read), and it is seeded with what a newcomer needs (a demo Page + Instagram account, Stripe prices, demo
 * CRM targets). Setting a provider's keys switches that provider alone to the real service. The banner has one
 * line per provider. On stop the fakes close and the env they set is restored, so a later stage in the same
 * process does not mistake them for real services.
 */
export function simulatedWorld(options: { only?: string[]; name?: string } = {}): LocalPlugin {
  return {
    name: options.name ?? 'simulated-world',
    async start(context) {
      const simulate = context.env('FLOWIA_SIMULATE') !== '0';
      const previous = new Map<string, string | undefined>();
      const tracked: LocalStageContext = {
        ...context,
        setEnv(name, value) {
          if (!previous.has(name)) previous.set(name, context.env(name));
          context.setEnv(name, value);
        },
      };
      const world: SimulatedWorld = { baseUrl: context.baseUrl, providers: [] };
      const stops: Array<() => Promise<void>> = [];

      async function run<T>(simulation: ProviderSimulation<T>): Promise<T | undefined> {
        if (options.only && !options.only.includes(simulation.provider)) return undefined;
        const setBy = simulation.realWhen.filter((name) => context.env(name));
        if (setBy.length > 0) {
          world.providers.push({
            provider: simulation.provider,
            mode: 'real',
            detail: `${setBy.join(', ')} set`,
          });
          return undefined;
        }
        if (!simulate) {
          world.providers.push({
            provider: simulation.provider,
            ...(simulation.whenAbsent ?? { mode: 'not configured', detail: '503 provider_not_configured' }),
          });
          return undefined;
        }
        const started = await simulation.start(tracked);
        stops.push(started.stop);
        world.providers.push({ provider: simulation.provider, mode: 'simulated', detail: started.detail });
        return started.running;
      }

      async function stop(): Promise<void> {
        for (const stopOne of stops.reverse()) await stopOne();
        for (const [name, value] of previous) {
          if (value === undefined) delete process.env[name];
          else process.env[name] = value;
        }
        if (current === world) current = undefined;
      }

      try {
        world.meta = await run(startSimulatedMeta);
        world.tiktok = await run(startSimulatedTikTok);
        world.youtube = await run(startSimulatedYouTube);
        world.linkedin = await run(startSimulatedLinkedIn);
        world.stripe = await run(startSimulatedStripe);
        world.crms = await startSimulatedCrms(run, world.youtube?.google);
      } catch (error) {
        await stop();
        throw error;
      }
      if (!options.only || options.only.includes('OpenAI'))
        world.providers.push(
          context.env('OPENAI_API_KEY')
            ? { provider: 'OpenAI', mode: 'real', detail: 'OPENAI_API_KEY set' }
            : {
                provider: 'OpenAI',
                mode: 'embedded',
                detail: 'no key: replies come from the built-in FR/EN rule engine (the embedded default)',
              },
        );
      if (!options.only || options.only.includes('Email'))
        world.providers.push(
          context.env('EMAIL_FROM')
            ? { provider: 'Email', mode: 'real', detail: 'EMAIL_FROM set: Amazon SES' }
            : {
                provider: 'Email',
                mode: 'embedded',
                detail: 'no EMAIL_FROM: emails land in the local mailbox (GET /_local/mailbox, the console)',
              },
        );
      if (options.only) return { banner: world.providers.map(bannerLine), stop };
      current = world;
      context.addRoute({
        method: 'GET',
        path: '/local/world',
        handle: (_request, response) => localReply(response, 200, { providers: world.providers }),
      });
      return {
        banner: world.providers.map(bannerLine),
        stop,
      };
    },
  };
}

export function bannerLine(status: ProviderStatus): string {
  return `${status.provider}: ${status.mode} (${status.detail})`;
}
