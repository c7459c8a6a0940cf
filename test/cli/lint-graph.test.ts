import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

describe('healmap lint (built binary)', () => {
  it('exits 0 on the demo map and says what it found', async () => {
    const result = await runCli(['lint']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('ARCHITECTURE_MAP.md: config `fixtures/demo/config/ensemble.json`: json (extension .json)\nARCHITECTURE_MAP.md: 0 errors, 0 warnings (4 workers, 4 files, 1 configs, 9 edges)\n');
  });

  it('exits 1 and prints positioned errors for a broken map', async () => {
    const result = await runCli(['lint', '--map', 'test/fixtures/maps/not-ok/dependency-cycle.md']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('test/fixtures/maps/not-ok/dependency-cycle.md:5:1: error: Dependency cycle: alpha -> out/a.jsonl -> beta');
  });

  it('exits 0 with warnings only', async () => {
    const result = await runCli(['lint', '--map', 'test/fixtures/maps/not-ok/warnings.md']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('0 errors, 4 warnings');
  });

  it('parses a map over 512 KiB on worker threads with the same positions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'healmap-big-'));
    try {
      const rows = Array.from({ length: 8000 }, (_, i) => `| w${i} | \`node worker.mjs ${i}\` | out/w${i}.jsonl every 5 min | ${i === 0 ? '—' : `out/w${i - 1}.jsonl`} |`);
      rows[7000] = '| w7000 | `node worker.mjs 7000` | out/w7000.jsonl every fortnight | out/w6999.jsonl |';
      const text = `## Workers\n\n| Worker | Command | Produces | Depends on |\n|---|---|---|---|\n${rows.join('\n')}\n`;
      expect(text.length).toBeGreaterThan(512 * 1024);
      writeFileSync(join(dir, 'map.md'), text);
      const result = await runCli(['lint', '--map', join(dir, 'map.md')]);
      expect(result.code).toBe(1);
      expect(result.stderr.split('\n')[0]).toBe(`${join(dir, 'map.md')}:7005:34: error: Expected a duration such as \`90s\`, \`5 min\`, \`1h30m\` or \`daily\`, got \`every fortnight\` [bad-duration]`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives one clear line for a missing map, no stack trace', async () => {
    const result = await runCli(['lint', '--map', 'nope.md']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('nope.md:1:1: error: Cannot read the map: no such file [unreadable-map]\nnope.md: 1 error, 0 warnings (0 workers, 0 files, 0 configs, 0 edges)\n');
  });
});

describe('healmap graph (built binary)', () => {
  it('prints the documented JSON with a topological order', async () => {
    const result = await runCli(['graph', '--format', 'json']);
    expect(result.code).toBe(0);
    const graph = JSON.parse(result.stdout) as { nodes: { id: string }[]; edges: unknown[]; order: string[] };
    expect(graph.order.indexOf('worker:predictive_engine')).toBeLessThan(graph.order.indexOf('worker:ensemble_predictor'));
    expect(graph.order.indexOf('worker:ensemble_predictor')).toBeLessThan(graph.order.indexOf('worker:signal_resolver'));
    expect(graph.nodes.find((n) => n.id === 'file:fixtures/demo/out/ensemble_predictions.jsonl')).toEqual({
      id: 'file:fixtures/demo/out/ensemble_predictions.jsonl', kind: 'file', path: 'fixtures/demo/out/ensemble_predictions.jsonl',
      producer: 'worker:ensemble_predictor', freshWithinSeconds: 30, critical: true, declared: true,
    });
    expect(graph.edges).toContainEqual({ from: 'worker:predictive_engine', to: 'file:fixtures/demo/out/predictive_signals.jsonl' });
  });

  it('prints Mermaid and DOT', async () => {
    const mermaid = await runCli(['graph', '--format', 'mermaid']);
    expect(mermaid.stdout.split('\n')[0]).toBe('flowchart LR');
    expect(mermaid.stdout).toContain('(["predictive_engine"])');
    const dot = await runCli(['graph', '--format', 'dot']);
    expect(dot.stdout).toMatch(/^digraph healmap \{/);
    expect(dot.stdout).toContain('"worker:predictive_engine" -> "file:fixtures/demo/out/predictive_signals.jsonl";');
  });

  it('refuses an unknown format with a usage error', async () => {
    const result = await runCli(['graph', '--format', 'svg']);
    expect(result.code).toBe(64);
    expect(result.stderr).toBe('healmap graph: Expected --format to be one of json, mermaid, dot, got `svg`\n');
  });

  it('exits 1 without a graph when the map has errors', async () => {
    const result = await runCli(['graph', '--map', 'test/fixtures/maps/not-ok/two-producers.md']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
  });
});

describe('healmap itself', () => {
  it('prints help and refuses unknown commands', async () => {
    expect((await runCli(['--help'])).stdout).toContain('Usage: healmap <command>');
    const unknown = await runCli(['frobnicate']);
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toContain('unknown command `frobnicate`');
  });
});
