// The fault scenario both tools watch: a three-worker chain, and fresh workers per trial so that
// each fault hits a worker with no history (crash-loop protection would otherwise kick in).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FIXTURES = new URL('../test/fixtures/workers/', import.meta.url).pathname;
const ONCE = new URL('./workers/write-once.mjs', import.meta.url).pathname;

/** Builds a scenario folder with its map; `trials` workers of each fault kind. */
export function createScenario(tag, trials) {
  const dir = mkdtempSync(join(tmpdir(), `healmap-${tag}-`));
  mkdirSync(join(dir, 'out'), { recursive: true });
  mkdirSync(join(dir, 'run'), { recursive: true });
  const workers = [
    { name: 'up', cmd: `node ${FIXTURES}write-every.mjs out/up.jsonl 500 ${tag}`, produces: 'out/up.jsonl', sla: 15 },
    { name: 'mid', cmd: `node ${FIXTURES}write-every.mjs out/mid.jsonl 500 ${tag}`, produces: 'out/mid.jsonl', sla: 15, needs: 'out/up.jsonl', needsWorker: 'up' },
    { name: 'down', cmd: `node ${FIXTURES}forever.mjs down ${tag}`, needs: 'out/mid.jsonl', needsWorker: 'mid' },
  ];
  for (let i = 0; i < trials; i++) {
    workers.push({ name: `kill${i}`, cmd: `node ${FIXTURES}forever.mjs kill${i} ${tag}` });
    workers.push({ name: `stop${i}`, cmd: `node ${FIXTURES}write-every.mjs out/stop${i}.jsonl 500 ${tag}`, produces: `out/stop${i}.jsonl`, sla: 15 });
    workers.push({ name: `hang${i}`, cmd: `node ${ONCE} out/hang${i}.jsonl ${tag}`, produces: `out/hang${i}.jsonl`, sla: 15 });
    workers.push({ name: `keep${i}`, cmd: `node ${FIXTURES}forever.mjs keep${i} ${tag}`, produces: `out/static${i}.jsonl` });
  }
  const rows = workers.map((w) => `| ${w.name} | \`${w.cmd}\` | ${w.produces ? `${w.produces}${w.sla ? ` every ${w.sla}s` : ''}` : '—'} | ${w.needs ?? '—'} |`);
  const configs = Array.from({ length: trials }, (_, i) => `| app${i}.json | ratio | number | 0.5 | 0..1 |`);
  const map = `## Workers
| Worker | Command | Produces | Depends on |
|---|---|---|---|
${rows.join('\n')}

## Configs
| Config | Field | Type | Default | Range |
|---|---|---|---|---|
${configs.join('\n')}

## Settings
- min free disk: 1 MB
`;
  writeFileSync(join(dir, 'ARCHITECTURE_MAP.md'), map);
  for (let i = 0; i < trials; i++) {
    writeFileSync(join(dir, `app${i}.json`), '{ "ratio": 0.25, "owner": "bench" }\n');
    writeFileSync(join(dir, `out/static${i}.jsonl`), '');
  }
  return { dir, workers };
}
