import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

export interface MotoServer {
  /** http://127.0.0.1:<port>, for FLOWIA_AWS_ENDPOINT or an SDK client's `endpoint`. */
  endpoint: string;
  stop(): Promise<void>;
  /** Synchronous SIGTERM, for a process 'exit' handler (which cannot wait). */
  kill(): void;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Starts moto's `moto_server` (https://docs.getmoto.org/en/latest/docs/server_mode.html) on a free 127.0.0.1
 * port and resolves once it answers HTTP. Its state lives in that process's memory: a new server starts empty.
 * `env` adds variables for moto itself (e.g. SF_EXECUTION_HISTORY_TYPE).
 */
export async function startMotoServer(
  options: { env?: Record<string, string>; readyTimeoutMs?: number } = {},
): Promise<MotoServer> {
  const command = process.env.MOTO_SERVER ?? 'moto_server';
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const endpoint = `http://127.0.0.1:${port}`;
    const child = spawn(command, ['-H', '127.0.0.1', '-p', String(port)], {
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
    try {
      await waitUntilServing(endpoint, child, spawnError, options.readyTimeoutMs ?? 60_000);
      return { endpoint, stop: () => stopChild(child, exited), kill: () => child.kill('SIGTERM') };
    } catch (error) {
      await stopChild(child, exited);
      // Another process may have taken the port between our probe and moto's bind: try another once.
      if (attempt >= 2 || (error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new Error(
          `moto_server did not start (${(error as Error).message}); install it with: pip install "moto[server]"\n${output}`,
        );
    }
  }
}

async function waitUntilServing(
  endpoint: string,
  child: ChildProcess,
  spawnError: Promise<Error>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let failed: Error | undefined;
  void spawnError.then((error) => {
    failed = error;
  });
  while (Date.now() < deadline) {
    if (failed) throw failed;
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`not serving ${endpoint} after ${timeoutMs} ms`);
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
