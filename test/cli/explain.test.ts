import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const MAP = 'test/fixtures/maps/ok/free-forms.md';

describe('healmap explain (built binary)', () => {
  it('lists each component with the line every fact came from, then what it ignored', async () => {
    const result = await runCli(['explain', '--map', MAP]);
    expect(result.code).toBe(0);
    const text = result.stdout;
    expect(text).toContain('worker mailer  (line 10)');
    expect(text).toMatch(/ {2}command +python mailer\.py {2}\(line 10\)/);
    expect(text).toMatch(/ {2}depends on +config:config\/mail\.json {2}\(line 11\)/);
    expect(text).toMatch(/file out\/queue\.jsonl {2}\(line 24\)\n {2}producer +worker {2}\(line 24\)\n {2}fresh within +2 minutes {2}\(line 24\)/);
    expect(text).toContain('field  batch, integer, default 50, range 1..500, required  (line 37)');
    expect(text).toContain('line 40: section `Changelog`: prose (changelog, runbook, troubleshooting, history...): never read for values');
  });

  it('gives the same facts as JSON from lint --json, and what was not read', async () => {
    const result = await runCli(['lint', '--json', '--map', 'test/fixtures/maps/not-ok/free-forms.md']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as { ok: boolean; components: { id: string; facts: { fact: string; value: string; line: number }[] }[]; ignored: { what: string; line: number }[] };
    expect(json.ok).toBe(true);
    expect(json.components.find((c) => c.id === 'worker:router')?.facts).toContainEqual({ fact: 'port', value: '8080', line: 10, column: 1 });
    expect(json.ignored.map((i) => `${i.line} ${i.what}`)).toEqual(['6 outside-reference', '6 outside-reference', '12 diagram-not-read', '20 unknown-key', '26 table-not-read']);
  });

  it('lists cross-config rules with their lines and direction, on both configs they tie', async () => {
    const result = await runCli(['explain', '--map', 'test/fixtures/maps/ok/config-rules.md']);
    expect(result.code).toBe(0);
    const text = result.stdout;
    expect(text).toContain([
      'Cross-config rules (left: the dependent, healmap copies into it; right: the source of truth, never edited):',
      '  pool.json#rpc_port = bitcoin.conf#rpcport  (line 18)',
      '  app.yaml#server.port = gateway.ini#server.port  (line 29)',
      '  pool.json#rpc_user = bitcoin.conf#rpcuser  (line 39)',
    ].join('\n'));
    expect(text).toMatch(/config pool\.json {2}\(line 14\)\n(?:.*\n)*? {2}must equal +bitcoin\.conf#rpcport \(source of truth\) for `rpc_port` {2}\(line 18\)/);
    expect(text).toMatch(/ {2}source of truth +`rpcuser` for pool\.json#rpc_user \(never edited\) {2}\(line 39\)/);
    // A rules section is read, not ignored as prose.
    expect(text).not.toContain('Consistency rules');
    const lint = await runCli(['lint', '--map', 'test/fixtures/maps/ok/config-rules.md']);
    expect(lint.stderr).toContain('test/fixtures/maps/ok/config-rules.md:18:22: rule pool.json#rpc_port = bitcoin.conf#rpcport: pool.json is the dependent (healmap copies the value into it and restarts its readers), bitcoin.conf the source of truth (never edited)\n');
  });
});
