import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMapText } from '../../src/map/load-map.js';
import { formatMessage, sortMessages } from '../../src/map/messages.js';
import { REPO, runCli } from '../helpers/run-cli.js';

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
    let pid = 0;
    try {
      // The size comes from 40 note sections of comments (cheap to read), not from thousands of
      // workers (8,000 took ~28 s of lint under load). The document is cut at their headings, so
      // the Workers table at the end is parsed by the last thread and its positions must carry
      // the line offset of that thread's share.
      const notes = Array.from({ length: 40 }, (_, h) => `## Notes ${h}\n\n${Array.from({ length: 50 }, (_, i) => `<!-- note ${i}: ${'n'.repeat(250)} -->\n`).join('\n')}`).join('\n');
      const rows = Array.from({ length: 50 }, (_, i) => `| w${i} | \`node worker.mjs ${i}\` | out/w${i}.jsonl every 5 min | ${i === 0 ? '—' : `out/w${i - 1}.jsonl`} |`);
      rows[40] = '| w40 | `node worker.mjs 40` | out/w40.jsonl every fortnight | out/w39.jsonl |';
      const text = `${notes}\n## Workers\n\n| Worker | Command | Produces | Depends on |\n|---|---|---|---|\n${rows.join('\n')}\n`;
      expect(text.length).toBeGreaterThan(512 * 1024);
      writeFileSync(join(dir, 'map.md'), text);
      const result = await new Promise<{ code: number; stderr: string }>((resolve) => {
        const args = ['--import', join(REPO, 'test/fixtures/probes/count-threads.mjs'), join(REPO, 'bin/healmap.js'), 'lint', '--map', join(dir, 'map.md')];
        const child = execFile(process.execPath, args, { env: { ...process.env, NO_COLOR: '1', THREADS_PROBE_DIR: dir }, timeout: 60_000 }, (error, _stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }));
        pid = child.pid as number;
      });
      expect(result.code).toBe(1);
      expect(result.stderr.split('\n')[0]).toBe(`${join(dir, 'map.md')}:4125:30: error: Expected a duration such as \`90s\`, \`5 min\`, \`1h30m\` or \`daily\`, got \`every fortnight\` [bad-duration]`);
      // The same messages, at the same positions, as this process's own parse in one thread.
      const single = await loadMapText(text);
      expect(result.stderr.split('\n').slice(0, -2)).toEqual(sortMessages(single.messages).map((m) => formatMessage(join(dir, 'map.md'), m)));
      // And it was parsed on one worker thread per core (four at most), none on a single core.
      const cores = availableParallelism();
      expect(Number(readFileSync(join(dir, String(pid)), 'utf8'))).toBe(cores >= 2 ? Math.min(4, cores) : 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // Its own budget: two parses of 530 KiB (the binary's on threads, this process's in one) took
    // 10-13 s at load average 10 on the shared 2 cores, against 28 s for the old 8,000-worker map.
  }, 60_000);

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
