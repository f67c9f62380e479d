import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';

/** A port nobody listens on, so the demo starts its own stage instead of using one on :3000. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function runDemo(env: Record<string, string>, timeoutMs: number) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    // The demo runs on this Node (24) with tsx as the loader, as `npm run demo` does.
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('Script: npm run demo', () => {
  it('runs the scripted stream on its own simulated stage and prints leads, messages sent and quota', async () => {
    // Prepare
    const port = await closedPort();

    // Act
    const result = await runDemo({ DEMO_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: 'SILENT' }, 110_000);

    // Assess
    expect(result.code, result.stderr).toBe(0);
    const out = result.stdout;
    expect(out).toContain('starting one in memory with the simulated world');
    expect(out).toMatch(/^ {2}Meta: simulated/m);
    expect(out).toContain('connected Demo Shop + @demo_shop');
    // 18 interactions from 17 people (one writes twice; redeliveries are not new people).
    expect(out).toContain('Leads (17):');
    expect(out).toMatch(/@lea\.martin\s+instagram\s+\d+\s+\+33612345678\s+contacted/);
    expect(out).toMatch(/@ethan_jones\s+instagram\s+\d+\s+\+14155550134/);
    // 12 price DMs and 2 interested comments compete for the Freemium 10: exactly 10 go out, once each.
    expect(out).toContain('Messages sent (10, as recorded by the simulated Graph API):');
    const recipients = [...out.matchAll(/→ @(\S+) \[/g)].map((match) => match[1]);
    expect(new Set(recipients).size).toBe(recipients.length);
    expect(recipients).toContain('lea.martin');
    expect(out).toContain('Quota used: 10/10 DMs today (freemium plan)');
    expect(result.stderr).toContain('18/18 all webhooks delivered');
    expect(result.stderr).not.toContain('Demo failed');
  }, 120_000);
});
