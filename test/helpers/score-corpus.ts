/**
 * Scores how much of a map healmap read: every fact the map's facts.json states is checked
 * against the loaded model and graph. A dependency counts when the graph links the two
 * components directly or through a file the dependency's producer writes.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { loadMap, type LoadedMap } from '../../src/map/load-map.js';
import { nextRunAt, parseSchedule } from '../../src/map/job-schedule.js';

interface WorkerFact { name: string; command?: string; port?: number; pidfile?: string; lock?: string; job?: boolean; schedule?: string; health?: string }
interface FileFact { path: string; producer?: string; freshWithinSeconds?: number }
interface FieldFact { name: string; type?: string; default?: unknown; min?: number; max?: number; required?: boolean }
interface Facts {
  system: string;
  workers?: WorkerFact[];
  files?: FileFact[];
  configs?: { path: string; fields?: FieldFact[] }[];
  dependencies?: { from: string; to: string }[];
  external?: string[];
}

/** One fact: what it says and whether healmap read it. */
export interface ScoredFact { fact: string; read: boolean }

/** The score of one map. */
export interface MapScore {
  map: string;
  ok: boolean;
  errors: string[];
  facts: ScoredFact[];
  /** Facts healmap's model has no field for yet (listed, not scored). */
  unmodelled: string[];
}

/** Every corpus map under `dir` (`dir/SET/SYSTEM/ARCHITECTURE_MAP.md` + `facts.json`). */
export function listCorpus(dir: string): string[] {
  const maps: string[] = [];
  for (const set of readdirSync(dir).sort()) {
    for (const system of readdirSync(join(dir, set)).sort()) {
      const folder = join(dir, set, system);
      if (existsSync(join(folder, 'facts.json'))) maps.push(folder);
    }
  }
  return maps;
}

/** Loads one corpus map and checks each of its stated facts. */
export async function scoreMap(folder: string): Promise<MapScore> {
  const facts = parseJsonc(readFileSync(join(folder, 'facts.json'), 'utf8')) as Facts;
  const map = await loadMap(join(folder, 'ARCHITECTURE_MAP.md'));
  const scored: ScoredFact[] = [];
  const unmodelled: string[] = [];
  const add = (fact: string, read: boolean): void => void scored.push({ fact, read });
  for (const w of facts.workers ?? []) {
    const worker = map.model.workers.find((x) => x.name === w.name) as (Record<string, unknown> & { command: string; port: number | null; pidfile: string | null; lock: string | null }) | undefined;
    add(`worker ${w.name}`, worker !== undefined);
    if (w.command !== undefined) add(`worker ${w.name} command \`${w.command}\``, squash(worker?.command) === squash(w.command));
    if (w.port !== undefined) add(`worker ${w.name} port ${w.port}`, worker?.port === w.port);
    if (w.pidfile !== undefined) add(`worker ${w.name} pidfile ${w.pidfile}`, worker?.pidfile === w.pidfile);
    if (w.lock !== undefined) add(`worker ${w.name} lock ${w.lock}`, worker?.lock === w.lock);
    if (w.health !== undefined) {
      const health = worker?.health as { target?: string } | null | undefined;
      add(`worker ${w.name} health ${w.health}`, health?.target === w.health || (health?.target?.endsWith(w.health) ?? false));
    }
    if (w.job !== undefined) add(`worker ${w.name} is a job`, (worker?.type === 'job') === w.job);
    if (w.schedule !== undefined) add(`worker ${w.name} schedule ${w.schedule}`, sameSchedule((worker?.schedule as { text: string } | null | undefined)?.text, w.schedule));
  }
  for (const f of facts.files ?? []) {
    const file = map.model.files.find((x) => x.path === f.path);
    add(`file ${f.path}`, file !== undefined);
    if (f.producer !== undefined) add(`file ${f.path} producer ${f.producer}`, file?.producer === `worker:${f.producer}`);
    if (f.freshWithinSeconds !== undefined) add(`file ${f.path} fresh within ${f.freshWithinSeconds}s`, file?.freshWithinMs === f.freshWithinSeconds * 1000);
  }
  for (const c of facts.configs ?? []) {
    const config = map.model.configs.find((x) => x.path === c.path);
    add(`config ${c.path}`, config !== undefined);
    for (const f of c.fields ?? []) {
      // An INI `[section] key` is addressed as `section.key` (README, config fields), so both spellings name it.
      const dotted = f.name.replace(/^\[([^\]\s]+)\]\s*/, '$1.');
      const field = config?.fields.find((x) => x.name === f.name || x.name === dotted || x.name.endsWith(`.${f.name}`));
      add(`config ${c.path} field ${f.name}`, field !== undefined);
      if (f.type !== undefined) add(`  ${f.name} type ${f.type}`, field?.type === f.type);
      if (f.default !== undefined) add(`  ${f.name} default ${JSON.stringify(f.default)}`, field !== undefined && JSON.stringify(field.default) === JSON.stringify(f.default));
      if (f.min !== undefined) add(`  ${f.name} min ${f.min}`, field?.min === f.min);
      if (f.max !== undefined) add(`  ${f.name} max ${f.max}`, field?.max === f.max);
      if (f.required !== undefined) add(`  ${f.name} required ${f.required}`, field?.required === f.required);
    }
  }
  for (const d of facts.dependencies ?? []) add(`dependency ${d.from} -> ${d.to}`, linked(map, d.from, d.to));
  for (const name of facts.external ?? []) {
    const lower = name.toLowerCase();
    const declared = map.model.workers.some((w) => w.name.toLowerCase() === lower);
    const blamed = map.messages.some((m) => m.severity === 'error' && m.message.toLowerCase().includes(lower));
    add(`external ${name} is not a component`, !declared && !blamed);
  }
  return {
    map: facts.system,
    ok: map.ok,
    errors: map.messages.filter((m) => m.severity === 'error').map((m) => `${m.place.line}:${m.place.column} ${m.message}`),
    facts: scored,
    unmodelled,
  };
}

// Two schedules mean the same when they run at the same times (`every 15 minutes` is `*/15 * * * *`).
function sameSchedule(given: string | undefined, stated: string): boolean {
  if (given === undefined) return false;
  const a = parseSchedule(given);
  const b = parseSchedule(stated.replace(/^nightly/i, 'daily'));
  if (!a.ok || !b.ok) return squash(given).toLowerCase() === squash(stated).toLowerCase();
  const from = Date.UTC(2024, 0, 1);
  const first = nextRunAt(a.value, from);
  return first === nextRunAt(b.value, from) && nextRunAt(a.value, first) === nextRunAt(b.value, first);
}

function squash(text: string | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

function nodeId(map: LoadedMap, ref: string): string | undefined {
  const candidates = [`worker:${ref}`, `file:${ref}`, `config:${ref}`];
  return candidates.find((id) => map.graph.nodes.has(id));
}

// `from` depends on `to`: an edge to -> from, or to -> file -> from where `to` produces the file.
function linked(map: LoadedMap, from: string, to: string): boolean {
  const a = nodeId(map, to);
  const b = nodeId(map, from);
  // An outside system is no node: the dependency counts when the model names it as one the worker needs.
  if (!a && b) return (map.model.facts ?? []).some((f) => f.component === b && f.fact === 'depends on outside' && f.value.toLowerCase() === to.toLowerCase().replace(/^the\s+/, ''));
  if (!a || !b) return false;
  const direct = map.graph.dependents.get(a) ?? [];
  if (direct.includes(b)) return true;
  return a.startsWith('worker:') && direct.some((mid) => mid.startsWith('file:') && (map.graph.dependents.get(mid) ?? []).includes(b));
}
