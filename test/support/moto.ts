import { type ChildProcess, spawn } from 'node:child_process';

/**
 * moto in server mode (`moto_server`, the Python tool installed beside Node for the AWS-only adapters): AWS APIs
 * on 127.0.0.1, in memory, started on a free port (`-p 0`, read back from its start-up line) for one test file.
 */
export interface MotoServer {
  url: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** moto's own view of its backends (GET /moto-api/data.json), e.g. the emails SES accepted. */
  data(): Promise<Record<string, Record<string, unknown[]>>>;
  stop(): Promise<void>;
}

export async function startMotoServer(): Promise<MotoServer> {
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`moto_server did not start: ${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/Running on (http:\/\/127\.0\.0\.1:\d+)/);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`moto_server could not be started (is it installed?): ${error.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`moto_server exited with ${code}: ${output}`));
    });
  });
  // Keep draining its request log so the pipe never fills.
  child.stdout?.resume();
  child.stderr?.resume();
  return {
    url,
    region: 'eu-west-3',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    data: async () => (await fetch(`${url}/moto-api/data.json`)).json() as never,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
