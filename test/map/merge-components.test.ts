import { describe, expect, it } from 'vitest';
import { loadMapText } from '../../src/map/load-map.js';

// A team writes one component in several places; healmap merges them and never rejects the map for it.
const load = (text: string) => loadMapText(text, { mapPath: '/tmp/healmap-merge/ARCHITECTURE_MAP.md', label: 'MAP' });
const errors = (map: Awaited<ReturnType<typeof load>>) => map.messages.filter((m) => m.severity === 'error').map((m) => m.message);
const warnings = (map: Awaited<ReturnType<typeof load>>) => map.messages.filter((m) => m.severity === 'warning').map((m) => `${m.place.line}: ${m.message}`);

describe('one component written twice', () => {
  it('merges a Procfile line and a heading with prose about the same worker', async () => {
    const map = await load([
      '## Processes', '', '```procfile', 'api: uvicorn app:app --port 8010', 'poller: python poll.py', '```', '',
      '### api', '', 'Serves the results on port 8010 and reads `data/out.json`. Liveness:', '',
      '```sh', 'curl -fsS http://127.0.0.1:8010/ping', '```', '',
    ].join('\n'));
    expect(errors(map)).toEqual([]);
    const api = map.model.workers.find((w) => w.name === 'api');
    expect([api?.command, api?.port, api?.health?.target]).toEqual(['uvicorn app:app --port 8010', 8010, 'curl -fsS http://127.0.0.1:8010/ping']);
    expect(map.model.workers.map((w) => w.name)).toEqual(['api', 'poller']);
  });

  it('keeps the more structured source when two descriptions contradict, and says which it kept', async () => {
    const map = await load([
      '## What runs', '', '### api', '', '- command: `node old-api.js`', '- port: 3000', '',
      '## Procfile', '', '```procfile', 'api: node api.js', '```', '',
    ].join('\n'));
    expect(errors(map)).toEqual([]);
    expect(map.model.workers.map((w) => [w.name, w.command, w.port])).toEqual([['api', 'node api.js', 3000]]);
    expect(warnings(map).filter((w) => w.includes('command'))).toEqual([
      '11: The command of worker `api` is `node api.js` here but `node old-api.js` at MAP:5:3; using `node api.js`, the more structured source',
    ]);
  });

  it('still rejects a worker defined twice in the README forms', async () => {
    const map = await load(['## Workers', '', '| Worker | Command |', '|---|---|', '| alpha | node a.js |', '', '### alpha', '- command: node other.js', ''].join('\n'));
    expect(errors(map)).toEqual(['Duplicate worker `alpha`, first defined at MAP:5:1']);
  });

  it('reads a lock the prose also names as a file as the worker\'s own lock, not as data', async () => {
    const map = await load([
      '## Processes', '', '```procfile', 'aligner: snakemake --cores 8', '```', '',
      '### aligner', '', 'Records finished alignments in `aligned/manifest.tsv`.', '',
      'The aligner takes `run/aligner.lock` while it works.', '',
    ].join('\n'));
    expect(errors(map)).toEqual([]);
    const aligner = map.model.workers[0];
    expect([aligner?.lock, aligner?.dependsOn]).toEqual(['run/aligner.lock', []]);
    expect(map.model.files.map((f) => f.path)).not.toContain('run/aligner.lock');
  });

  it('says which reading it chose for a lock that a freshness table lists too', async () => {
    const map = await load([
      '## Processes', '', '```procfile', 'aligner: snakemake --cores 8', '```', '',
      '### aligner', '', 'Takes `run/aligner.lock` while it works.', '',
      '## Freshness', '', '| File | Max age |', '|---|---|', '| `run/aligner.lock` | 1h |', '',
    ].join('\n'));
    expect(errors(map)).toEqual([]);
    expect(map.model.workers[0]?.lock).toBe('run/aligner.lock');
    expect(warnings(map).filter((w) => w.includes('lock-also') || w.includes('is the lock'))).toEqual([
      '15: `run/aligner.lock` is the lock of worker `aligner` and is named as a file at MAP:15:1; read as that worker\'s lock (deleted when stale and no process holds it); its freshness is still checked',
    ]);
  });

  it('keeps a lock that names another worker\'s output an error', async () => {
    const map = await load([
      '## Processes', '', '```procfile', 'a: node a.js', 'b: node b.js', '```', '',
      '### a', '', 'Writes `out/a.jsonl`.', '', '### b', '', 'Holds the lock file `out/a.jsonl` while it works.', '',
    ].join('\n'));
    expect(errors(map).some((e) => e.startsWith('Expected the lock of worker `b` to be a file of its own'))).toBe(true);
  });

  it('reads fields a team did not mark required as optional when it marked others', async () => {
    const map = await load([
      '## Configuration: `align.json`', '',
      '| Field | Type | Default | Notes |', '|---|---|---|---|',
      '| `reference` | string | — | **Required.** The genome build. |', '| `min_mapq` | integer | 20 | Reads below are dropped. |', '',
    ].join('\n'));
    expect(map.model.configs[0]?.fields.map((f) => [f.name, f.required])).toEqual([['reference', true], ['min_mapq', false]]);
  });

  it('reads a pidfile stated in any cell of a worker row, whatever the column', async () => {
    const map = await load([
      '## Process inventory', '', '| Process | How it runs | Command |', '|---|---|---|',
      '| `downlink` | long-running daemon, pidfile `run/downlink.pid` | `python downlink.py` |', '| `tiler` | long-running daemon | `gdal-tiler --in raw` |', '',
    ].join('\n'));
    expect(map.model.workers.map((w) => [w.name, w.pidfile])).toEqual([['downlink', 'run/downlink.pid'], ['tiler', null]]);
  });

  it('reads a Key | Value table about one file, a duration under any key being its freshness', async () => {
    const map = await load([
      '## Processes', '', '```procfile', 'downlink: python downlink.py', '```', '',
      '## SLO-F1 — raw passes landing', '', '| Item | Value |', '|---|---|', '| File | `raw/passes.jsonl` |', '| Producer | `downlink` |', '| Limit | 100 min (1h40m) |', '',
    ].join('\n'));
    expect(map.model.files.map((f) => [f.path, f.producer, f.freshWithinMs])).toEqual([['raw/passes.jsonl', 'worker:downlink', 6_000_000]]);
  });
});
