import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { runDemo } from '../support/demo';

/** A port nobody listens on, so the demo starts its own stage instead of using one on :3000. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
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
    // The growth flow: scoped to the reel, public reply + DM with buttons, the tapped branch, the phone in a tap.
    expect(out).toMatch(
      /comments “INFO 😍” on the reel\n {4}← \[reply\] .*@clara\.fleurs.*\n {4}← \[private_reply\] Bonjour clara\.fleurs/,
    );
    expect(out).toMatch(/taps “Voir les prix”\n {4}← \[dm\] Robes dès 49 €/);
    expect(out).toMatch(/taps her number, pre-filled by Instagram\n {2}@hugo/);
    expect(out).toMatch(/on the older photo.*\n {4}← \[private_reply\] Merci hugo\.b/);
    expect(out).toContain("@clara.fleurs's lead: phone +33698765432 captured in one tap");
    // The burst: 18 interactions from 17 people (one writes twice; redeliveries are not new people), plus the
    // growth flow's two.
    expect(out).toContain('Leads (19):');
    expect(out).toMatch(/@lea\.martin\s+instagram\s+\d+\s+\+33612345678\s+contacted/);
    expect(out).toMatch(/@ethan_jones\s+instagram\s+\d+\s+\+14155550134/);
    // The growth flow used 3 of the Freemium 10 (two private replies and the branch's DM; a public reply is not
    // a DM): 12 price DMs and 2 interested comments compete for the 7 left, each sent once.
    expect(out).toContain('Messages sent (7, as recorded by the simulated Graph API):');
    const recipients = [...out.matchAll(/→ @(\S+) \[/g)].map((match) => match[1]);
    expect(new Set(recipients).size).toBe(recipients.length);
    expect(recipients).toContain('lea.martin');
    expect(out).toContain('Quota used: 10/10 DMs today (freemium plan)');
    // The funnels, from the workflow's counters: the reel's flow triggered once, replied in public, one DM, and the
    // person answered (the tap); the branch it led to captured the number.
    expect(out).toContain('Scenario funnels (GET /analytics/scenarios):');
    expect(out).toMatch(/Reel printemps → DM avec boutons\s+1\s+1\s+1\s+0\s+0\s+1\s+0\s+0/);
    expect(out).toMatch(/Branche prix → numéro\s+1\s+0\s+1\s+0\s+0\s+1\s+1\s+0/);
    expect(result.stderr).toContain('18/18 all webhooks delivered');
    expect(result.stderr).not.toContain('Demo failed');
  }, 120_000);
});
