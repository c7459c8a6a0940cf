/**
 * Raw entries -> the typed, validated model: declares every component (duplicates point back at
 * the first definition), then resolves every reference, producer and dependency.
 */
import type { RawComponent, RawConfigField, RawMap, RawValue } from './collect-entries.js';
import { formatPlace, type MessageSink } from './messages.js';
import { normalizeMapPath } from './map-paths.js';
import { isEmptyValue, parseBoolean, parseDuration as parseAge, parseTimerDuration as parseDuration, parsePort, parseSize, splitList, formatDuration, type Parsed } from './parse-values.js';
import { parseRestartPolicy, parseSchedule, parseWorkerType } from './job-schedule.js';
import { readJobCell, type JobCell } from './read-job-cell.js';
import { readConfigField } from './read-config-field.js';
import { dropWrittenConfigs } from './drop-written-configs.js';
import { readSettings } from './read-settings.js';
import { readStepKey } from './read-recovery.js';
import { readWorkerRuntime } from './read-worker-runtime.js';
import { ReferenceIndex } from './reference-index.js';
import type { ConfigSpec, ComponentId, FileSpec, InferredEdge, MapFact, MapModel, Place, ResolvedSettings, WorkerSpec } from './types.js';
import { checkReservedPaths } from './check-reserved-paths.js';
import { settleLockFiles } from './settle-lock-files.js';
import { settleOwnPathConfigs, withoutDroppedConfigs } from './settle-own-path-configs.js';
import { reportUnread } from './report-unread.js';
import { findFreshness } from './read-text.js';
import { checkConfigFormats, pickConfigFormat, readConfigFormat } from './config-format.js';

interface Context {
  raw: RawMap;
  sink: MessageSink;
  mapLabel: string;
  rootDir: string;
  index: ReferenceIndex;
  workers: Map<ComponentId, WorkerSpec>;
  files: Map<ComponentId, FileSpec>;
  configs: Map<ComponentId, ConfigSpec>;
  producerPlace: Map<ComponentId, { worker: ComponentId; place: Place }>;
  /** Lower-cased names the map calls outside systems: references to them are warnings. */
  externals: Set<string>;
  facts: MapFact[];
  /** Paths read as configs that are declared files too, already warned about. */
  fileOverConfig: Set<string>;
  /** Worker dependencies read from free text (a cycle may drop one of them). */
  inferredEdges: InferredEdge[];
}

/** Builds the typed model from a map's raw entries, reporting every problem to `sink`. */
export function buildModel(raw: RawMap, mapPath: string, mapLabel: string, rootDir: string, sink: MessageSink): MapModel {
  const ctx: Context = {
    raw, sink, mapLabel, rootDir,
    index: new ReferenceIndex(rootDir),
    workers: new Map(), files: new Map(), configs: new Map(), producerPlace: new Map(),
    externals: new Set(raw.externals.map((e) => e.text.toLowerCase())), facts: [], fileOverConfig: new Set(), inferredEdges: [],
  };
  dropWrittenConfigs(raw, sink);
  const settings = readSettings(raw, sink);
  const workerRefs = raw.workers.map((entry) => declareWorker(ctx, entry, settings));
  const fileProducers = raw.files.map((entry) => declareFile(ctx, entry));
  declareConfigs(ctx);
  for (const refs of workerRefs) if (refs) resolveWorker(ctx, refs);
  for (const pending of fileProducers) if (pending) resolveFileProducer(ctx, pending);
  resolveOutputs(ctx);
  resolveDependencySection(ctx);
  resolveFreshness(ctx);
  const ownLocks = settleLockFiles(ctx.workers, ctx.files, ctx.mapLabel, sink);
  ctx.facts = withoutDroppedConfigs(ctx.facts, settleOwnPathConfigs(ctx.workers, ctx.configs, ctx.mapLabel, sink));
  ctx.facts = ctx.facts.filter((f) => !(f.fact === 'depends on' && ownLocks.has(f.component) && f.value === `file:${ctx.workers.get(f.component)?.lock ?? ''}`));
  recordFacts(ctx);
  for (const file of ctx.files.values()) {
    if (file.freshWithinMs !== null && file.producer === null) {
      sink.warning('sla-without-producer', `File \`${file.path}\` has a freshness SLA but no producer; healmap can report it stale but not repair it`, file.place);
    }
  }
  checkReservedPaths([...ctx.workers.values()], [...ctx.files.values()], [...ctx.configs.values()], ctx.mapLabel, sink, ownLocks);
  checkConfigFormats([...ctx.configs.values()], sink);
  return {
    mapPath,
    rootDir,
    workers: [...ctx.workers.values()],
    files: [...ctx.files.values()],
    configs: [...ctx.configs.values()].sort((a, b) => a.place.line - b.place.line || a.place.column - b.place.column),
    settings,
    facts: ctx.facts.sort((a, b) => a.place.line - b.place.line || a.place.column - b.place.column),
    ignored: raw.prose.map((p) => ({ heading: p.text, place: p.place })),
    ...(ctx.inferredEdges.length > 0 ? { inferredEdges: ctx.inferredEdges } : {}),
  };
}

interface WorkerRefs {
  worker: WorkerSpec;
  produces: RawValue[];
  dependsOn: RawValue[];
  partOf: RawValue[];
}

function declareWorker(ctx: Context, entry: RawComponent, settings: ResolvedSettings): WorkerRefs | null {
  const { sink } = ctx;
  const name = entry.values.get('name')?.text.trim() ?? '';
  const id = `worker:${name}`;
  const first = ctx.workers.get(id);
  if (first) {
    sink.error('duplicate-component', `Duplicate worker \`${name}\`, first defined at ${formatPlace(ctx.mapLabel, first.place)}`, entry.place);
    return null;
  }
  const command = present(entry.values.get('command'));
  if (!command) sink.error('missing-command', `Worker \`${name}\` has no command; expected a Command column or a \`command:\` bullet`, entry.place);
  const runtime = readWorkerRuntime(entry.values, settings, sink, name);
  const worker: WorkerSpec = {
    kind: 'worker', id, name,
    command: command?.text ?? '',
    produces: [], dependsOn: [],
    pidfile: readPath(ctx, entry.values.get('pidfile')),
    port: readWith(ctx, entry.values.get('port'), parsePort, null),
    lock: readPath(ctx, entry.values.get('lock')),
    cwd: isDot(entry.values.get('cwd')) ? '.' : (readPath(ctx, entry.values.get('cwd')) ?? '.'),
    startWithinMs: readWith(ctx, entry.values.get('startWithin'), parseDuration, settings.startWithinMs),
    critical: readWith(ctx, entry.values.get('critical'), parseBoolean, true),
    ...readJobKeys(ctx, entry),
    maxMemoryBytes: readWith(ctx, entry.values.get('maxMemory'), parseSize, null),
    restartBeforeBreach: readWith(ctx, entry.values.get('restartBeforeBreach'), parseBoolean, false),
    ...runtime, envFile: readPath(ctx, runtime.envFile ?? undefined),
    place: entry.place,
  };
  ctx.workers.set(id, worker);
  for (const [key, when] of [['onUnhealthy', 'unhealthy'], ['onStale', 'stale'], ['onDead', 'dead']] as const) {
    const value = present(entry.values.get(key));
    const step = value ? readStepKey({ workers: [worker] }, sink, name, when, value) : null;
    if (step) (worker.recovery ??= []).push(step);
  }
  ctx.index.addWorker(name, id);
  for (const [key, value] of entry.values) {
    if (key !== 'name' && key !== 'produces' && key !== 'dependsOn' && present(value)) ctx.facts.push({ component: id, fact: key, value: value.text, place: value.place });
  }
  const list = (key: string): RawValue[] => {
    const value = entry.values.get(key);
    return value ? splitList(value.text).map((text) => ({ text, place: value.place, strict: value.strict })) : [];
  };
  return { worker, produces: list('produces'), dependsOn: list('dependsOn'), partOf: list('partOf') };
}

// A schedule makes a worker a job; jobs restart on failure only, daemons always, unless declared.
// A cell healmap cannot read as a schedule or a type is a warning, not an error: maps describe
// their workers in prose (`long-running daemon`, `nightly-ish`), and the worker still runs. A cell
// that describes (`job, nightly at 03:15`, `job, hourly`) gives the schedule and type it states.
function readJobKeys(ctx: Context, entry: RawComponent): Pick<WorkerSpec, 'type' | 'schedule' | 'restart'> {
  const described = (key: string, rule: string, message: (text: string) => string): JobCell => {
    const given = present(entry.values.get(key));
    if (!given) return { schedule: null, type: null };
    const cell = readJobCell(given.text);
    if (cell.schedule === null && cell.type === null) ctx.sink.warning(rule, message(given.text), given.place);
    return cell;
  };
  const scheduleCell = described('schedule', 'unread-schedule', (text) => { const p = parseSchedule(text); return p.ok ? '' : p.message; });
  const typeCell = described('type', 'unread-worker-type', (text) => { const p = parseWorkerType(text); return p.ok ? '' : p.message; });
  const schedule = scheduleCell.schedule ?? typeCell.schedule;
  const type = typeCell.type ?? scheduleCell.type ?? (schedule ? 'job' : 'daemon');
  const restart = readWith(ctx, entry.values.get('restart'), parseRestartPolicy, type === 'job' ? 'on-failure' : 'always');
  if (schedule && type === 'daemon') ctx.sink.warning('schedule-on-daemon', `Worker \`${entry.values.get('name')?.text.trim() ?? ''}\` is a daemon with a schedule; a schedule applies to jobs only (\`type: job\`)`, entry.values.get('schedule')?.place ?? entry.place);
  return { type, schedule: type === 'job' ? schedule : null, restart };
}

function declareFile(ctx: Context, entry: RawComponent): { file: FileSpec; producer: RawValue; soft: boolean } | null {
  const pathValue = entry.values.get('path');
  const path = readPath(ctx, pathValue);
  if (path === null) return null;
  const id = `file:${path}`;
  const first = ctx.files.get(id);
  if (first) {
    ctx.sink.error('duplicate-component', `Duplicate file \`${path}\`, first defined at ${formatPlace(ctx.mapLabel, first.place)}`, entry.place);
    return null;
  }
  const createWith = present(entry.values.get('createWith'));
  const file: FileSpec = {
    kind: 'file', id, path, producer: null,
    // A freshness limit is never one timer (staleness timers re-arm past 24 days): a monthly file's 32 days is fine.
    freshWithinMs: readWith(ctx, entry.values.get('freshness'), parseAge, null),
    critical: readWith(ctx, entry.values.get('critical'), parseBoolean, false),
    createWith: createWith ? createWith.text.replaceAll('\\n', '\n') : null,
    declared: true,
    place: entry.place,
  };
  if (namesFolder(pathValue)) file.folder = true;
  ctx.files.set(id, file);
  ctx.index.addPath(path, id);
  for (const [key, value] of entry.values) {
    if (key !== 'path' && present(value)) ctx.facts.push({ component: id, fact: key, value: value.text, place: value.place });
  }
  const producer = present(entry.values.get('producer'));
  return producer ? { file, producer, soft: entry.partial === true } : null;
}

function declareConfigs(ctx: Context): void {
  const { raw, sink } = ctx;
  const aliases = new Map<RawValue, RawValue>();
  const headings = new Map<string, Place>();
  for (const config of raw.configs) {
    if (config.schema !== undefined) {
      const path = readPath(ctx, config.path);
      const spec = path === null ? null : ensureConfig(ctx, path, config.path.place);
      if (spec) spec.schema = config.schema;
      continue;
    }
    const override = present(config.values.get('path'));
    if (override) aliases.set(config.path, override);
    const path = readPath(ctx, override ?? config.path);
    if (path === null) continue;
    const firstPlace = headings.get(path);
    if (firstPlace) {
      sink.error('duplicate-component', `Duplicate config \`${path}\`, first defined at ${formatPlace(ctx.mapLabel, firstPlace)}`, config.path.place);
      continue;
    }
    headings.set(path, config.path.place);
    const spec = ensureConfig(ctx, path, config.path.place);
    const critical = present(config.values.get('critical'));
    if (spec && critical) spec.critical = readWith(ctx, critical, parseBoolean, true);
    if (spec) readConfigFormat(spec, config.values.get('format'), present(config.values.get('validateWith')));
  }
  const fieldPlaces = new Map<string, Place>();
  markUnsaidOptional(raw.configFields);
  for (const rawField of raw.configFields) {
    const pathValue = aliases.get(rawField.configPath) ?? rawField.configPath;
    const path = readPath(ctx, pathValue);
    if (path === null) continue;
    const config = ensureConfig(ctx, path, pathValue.place);
    if (!config) continue;
    const key = `${path}\0${rawField.name.text}`;
    const firstPlace = fieldPlaces.get(key);
    if (firstPlace && !rawField.name.strict) {
      sink.warning('duplicate-field', `Field \`${rawField.name.text}\` of config \`${path}\` is described again here; the description at ${formatPlace(ctx.mapLabel, firstPlace)} is used`, rawField.name.place);
      continue;
    }
    if (firstPlace) {
      sink.error('duplicate-field', `Duplicate field \`${rawField.name.text}\` of config \`${path}\`, first defined at ${formatPlace(ctx.mapLabel, firstPlace)}`, rawField.name.place);
      continue;
    }
    fieldPlaces.set(key, rawField.name.place);
    config.fields.push(readConfigField(rawField, sink));
  }
}

// A team that marks some fields of a config required and says nothing of the others means the
// others are optional (`**Required.**` in one Notes cell); README-form fields keep required by default.
function markUnsaidOptional(fields: RawConfigField[]): void {
  const marked = new Set(fields.filter((f) => !f.name.strict && /^(yes|true|required)$/i.test(f.values.get('required')?.text.trim() ?? '')).map((f) => f.configPath.text));
  for (const field of fields) {
    if (!field.name.strict && !field.values.has('required') && marked.has(field.configPath.text)) field.values.set('required', { text: 'no', place: field.name.place });
  }
}

function ensureConfig(ctx: Context, path: string, place: Place): ConfigSpec | null {
  const id = `config:${path}`;
  const existing = ctx.configs.get(id);
  if (existing) return existing;
  const asFile = ctx.files.get(`file:${path}`);
  if (asFile) {
    // A data file a worker writes is never a config: keep the file, say so once, read on.
    if (!ctx.fileOverConfig.has(path)) ctx.sink.warning('config-is-file', `\`${path}\` is read both as a config and as a file (at ${formatPlace(ctx.mapLabel, asFile.place)}); it is kept as a file`, place);
    ctx.fileOverConfig.add(path);
    return null;
  }
  const { format, from } = pickConfigFormat(path, null);
  const config: ConfigSpec = { kind: 'config', id, path, format, formatFrom: from, validateWith: null, fields: [], critical: true, place };
  ctx.configs.set(id, config);
  ctx.index.addPath(path, id);
  return config;
}

function resolveWorker(ctx: Context, { worker, produces, dependsOn, partOf }: WorkerRefs): void {
  for (const entry of produces) {
    const [pathText = '', ...rest] = entry.text.split(/\s+/);
    const freshnessText = rest.join(' ').replace(/^\(|\)$/g, '').trim();
    const fileId = resolveRef(ctx, { text: pathText, place: entry.place }, 'file');
    const file = fileId ? ctx.files.get(fileId) : undefined;
    if (!file) continue;
    addUnique(worker.produces, file.id);
    setProducer(ctx, file, worker.id, entry.place);
    if (freshnessText !== '') applyInlineFreshness(ctx, file, { text: freshnessText, place: entry.place, strict: entry.strict });
  }
  for (const entry of dependsOn) {
    const id = resolveRef(ctx, entry, 'any');
    if (id && !worker.dependsOn.includes(id)) {
      ctx.facts.push({ component: worker.id, fact: 'depends on', value: id, place: entry.place });
      if (!entry.strict) ctx.inferredEdges.push({ from: worker.id, to: id, place: entry.place });
    }
    if (id) addUnique(worker.dependsOn, id);
  }
  // `part of: redis`: restarted with redis at ladder step 2, and so one of its dependencies.
  for (const entry of partOf) {
    const resolved = ctx.index.resolve(entry.text);
    const id = resolved.ok && resolved.value.kind === 'known' ? resolved.value.id : null;
    if (!id?.startsWith('worker:') || id === worker.id) {
      ctx.sink.warning('part-of-not-worker', `Expected another declared worker after \`part of\`, got \`${entry.text}\`; it is ignored`, entry.place);
      continue;
    }
    addUnique(worker.partOf ??= [], id);
    addUnique(worker.dependsOn, id);
  }
}

function applyInlineFreshness(ctx: Context, file: FileSpec, value: RawValue): void {
  // `(max age 5 min)` beside a path: the limit inside the words.
  const worded = parseAge(value.text).ok ? null : findFreshness(value.text, true);
  const parsed = parseAge(worded ?? value.text);
  if (!parsed.ok) {
    reportUnread(ctx.sink, 'bad-duration', parsed.message, value);
  } else if (file.freshWithinMs === null) {
    file.freshWithinMs = parsed.value;
    ctx.facts.push({ component: file.id, fact: 'freshness', value: formatDuration(parsed.value), place: value.place });
  } else if (file.freshWithinMs !== parsed.value) {
    ctx.sink.warning('conflicting-freshness', `File \`${file.path}\` is fresh within ${formatDuration(file.freshWithinMs)} in Files but ${formatDuration(parsed.value)} here; using ${formatDuration(file.freshWithinMs)}`, value.place);
  }
}

function resolveFileProducer(ctx: Context, { file, producer, soft }: { file: FileSpec; producer: RawValue; soft: boolean }): void {
  const id = resolveRef(ctx, producer, 'worker', soft);
  const worker = id ? ctx.workers.get(id) : undefined;
  if (!worker) return;
  setProducer(ctx, file, worker.id, producer.place, soft);
  addUnique(worker.produces, file.id);
}

function setProducer(ctx: Context, file: FileSpec, workerId: ComponentId, place: Place, soft = false): void {
  const first = ctx.producerPlace.get(file.id);
  if (first && first.worker !== workerId && soft) {
    ctx.sink.warning('two-producers', `File \`${file.path}\` is written by \`${nameOf(workerId)}\` here but by \`${nameOf(first.worker)}\` at ${formatPlace(ctx.mapLabel, first.place)}; keeping \`${nameOf(first.worker)}\` as its producer`, place);
    return;
  }
  if (first && first.worker !== workerId) {
    ctx.sink.error('two-producers', `File \`${file.path}\` has two producers: \`${nameOf(workerId)}\` here and \`${nameOf(first.worker)}\` at ${formatPlace(ctx.mapLabel, first.place)}`, place);
    return;
  }
  if (!first) ctx.producerPlace.set(file.id, { worker: workerId, place });
  file.producer = workerId;
}

function resolveDependencySection(ctx: Context): void {
  for (const dependency of ctx.raw.dependencies) {
    const soft = dependency.soft === true;
    const fromId = resolveRef(ctx, dependency.from, 'worker', soft);
    const worker = fromId ? ctx.workers.get(fromId) : undefined;
    if (!worker) continue;
    for (const to of dependency.to) {
      const id = resolveRef(ctx, to, 'any', soft);
      // An outside system it needs is kept as a fact, for `healmap explain` and the diagnosis to name.
      if (!id && soft && !ctx.index.resolve(to.text).ok) ctx.facts.push({ component: worker.id, fact: 'depends on outside', value: outsideName(to.text), place: to.place });
      // Prose may say a worker "reads" what it writes; that is not a dependency on itself.
      if (!id || (soft && (id === worker.id || worker.produces.includes(id)))) continue;
      if (!worker.dependsOn.includes(id)) {
        ctx.facts.push({ component: worker.id, fact: 'depends on', value: id, place: to.place });
        if (soft) ctx.inferredEdges.push({ from: worker.id, to: id, place: to.place });
      }
      addUnique(worker.dependsOn, id);
    }
  }
}

// An outside system's name without its article or aside: `the ground station network (not ours)`.
function outsideName(text: string): string {
  return text.replace(/\s*\([^()]*\)\s*$/, '').replace(/^\s*(?:the|an?|our|their)\s+/i, '').replace(/[`*]/g, '').trim();
}

// "A writes B" from prose, diagrams and free tables: A produces B.
function resolveOutputs(ctx: Context): void {
  for (const output of ctx.raw.outputs) {
    const workerId = resolveRef(ctx, output.from, 'worker', true);
    const worker = workerId ? ctx.workers.get(workerId) : undefined;
    if (!worker) continue;
    for (const to of output.to) {
      // "writes its pid to `run/x.pid`": a worker's own pidfile or lock is not an output of it.
      const path = to.text.replace(/`/g, '').replace(/^\.\//, '');
      if (output.soft && (path === worker.pidfile || path === worker.lock)) continue;
      const fileId = resolveRef(ctx, to, 'file', true);
      const file = fileId ? ctx.files.get(fileId) : undefined;
      if (!file || worker.dependsOn.includes(file.id)) continue;
      if (ctx.producerPlace.get(file.id)?.worker !== worker.id && !worker.produces.includes(file.id)) {
        setProducer(ctx, file, worker.id, to.place, true);
      }
      if (file.producer === worker.id) addUnique(worker.produces, file.id);
    }
  }
}

// Freshness stated apart from a file's declaration: "stale after 60 seconds", a worker's SLA row.
function resolveFreshness(ctx: Context): void {
  for (const entry of ctx.raw.freshness) {
    let file: FileSpec | undefined;
    if (entry.file) {
      const id = resolveRef(ctx, entry.file, 'file', true);
      file = id ? ctx.files.get(id) : undefined;
    } else if (entry.worker) {
      const worker = ctx.workers.get(`worker:${entry.worker.text}`);
      const last = worker?.produces[worker.produces.length - 1];
      file = last ? ctx.files.get(last) : undefined;
    }
    if (file) applyInlineFreshness(ctx, file, entry.value);
  }
}

// The graph facts (produces, producer, freshness) as they ended up, for `healmap explain`.
function recordFacts(ctx: Context): void {
  for (const worker of ctx.workers.values()) {
    for (const id of worker.produces) {
      const at = ctx.producerPlace.get(id);
      ctx.facts.push({ component: worker.id, fact: 'produces', value: id, place: at?.worker === worker.id ? at.place : worker.place });
    }
  }
  for (const config of ctx.configs.values()) {
    for (const field of config.fields) ctx.facts.push({ component: config.id, fact: 'field', value: describeField(field), place: field.place });
  }
}

function describeField(field: ConfigSpec['fields'][number]): string {
  const parts = [field.name, field.type ?? 'any type'];
  if (field.default !== undefined) parts.push(`default ${JSON.stringify(field.default)}`);
  if (field.min !== null || field.max !== null) parts.push(`range ${field.min ?? ''}..${field.max ?? ''}`);
  parts.push(field.required ? 'required' : 'optional');
  return parts.join(', ');
}

// Resolves a reference to an id of the expected kind; an undeclared path becomes a file node.
function resolveRef(ctx: Context, value: RawValue, expected: 'worker' | 'file' | 'any', soft = false): ComponentId | null {
  const resolved = ctx.index.resolve(value.text);
  const lenient = soft || ctx.externals.has(value.text.trim().toLowerCase()) || /\s/.test(value.text.trim());
  if (!resolved.ok) {
    const outside = resolved.message.startsWith('Expected a path inside');
    if (lenient && !resolved.message.startsWith('Ambiguous')) {
      const why = outside ? 'it is outside the map\'s folder, so healmap does not track it' : ctx.externals.has(value.text.trim().toLowerCase()) ? 'the map calls it an outside system' : 'it is not declared, so it is read as an outside system';
      ctx.sink.warning('outside-reference', `Read \`${value.text}\` as outside the system: ${why}`, value.place);
      return null;
    }
    ctx.sink.error(outside ? 'path-outside-map' : 'unresolved-reference', resolved.message, value.place);
    return null;
  }
  let id: ComponentId;
  if (resolved.value.kind === 'undeclared-path') {
    if (expected === 'worker') {
      if (lenient) return null;
      ctx.sink.error('unresolved-reference', `Unknown worker \`${value.text}\`, expected the name of a declared worker`, value.place);
      return null;
    }
    id = ensureImplicitFile(ctx, resolved.value.path, value.place);
  } else {
    id = resolved.value.id;
  }
  const kind = id.slice(0, id.indexOf(':'));
  const file = ctx.files.get(id);
  if (file && namesFolder(value)) file.folder = true;
  if (expected !== 'any' && kind !== expected && soft) return null;
  if (expected !== 'any' && kind !== expected) {
    ctx.sink.error('wrong-kind', `Expected a ${expected} for \`${value.text}\`, got the ${kind} \`${id.slice(kind.length + 1)}\``, value.place);
    return null;
  }
  return id;
}

function ensureImplicitFile(ctx: Context, path: string, place: Place): ComponentId {
  const id = ctx.index.idOfPath(path) ?? `file:${path}`;
  if (!ctx.files.has(id) && !ctx.configs.has(id)) {
    ctx.files.set(id, { kind: 'file', id, path, producer: null, freshWithinMs: null, critical: false, createWith: null, declared: false, place });
    ctx.index.addPath(path, id);
  }
  return id;
}

// A path written with its trailing slash names a folder (the folder readers keep that slash for this).
function namesFolder(value: RawValue | undefined): boolean {
  return value !== undefined && /\/`?\s*$/.test(value.text);
}

function readPath(ctx: Context, value: RawValue | undefined): string | null {
  const given = present(value);
  if (!given) return null;
  const parsed = normalizeMapPath(given.text, ctx.rootDir);
  if (!parsed.ok) {
    ctx.sink.error('path-outside-map', parsed.message, given.place);
    return null;
  }
  return parsed.value;
}

function readWith<T, D>(ctx: Context, value: RawValue | undefined, read: (text: string) => Parsed<T>, fallback: D): T | D {
  const given = present(value);
  if (!given) return fallback;
  const parsed = read(given.text);
  if (parsed.ok) return parsed.value;
  const rule = read === (parseDuration as unknown) || read === (parseAge as unknown) ? 'bad-duration' : 'bad-value';
  reportUnread(ctx.sink, rule, parsed.message, given);
  return fallback;
}

function present(value: RawValue | undefined): RawValue | undefined {
  return value && !isEmptyValue(value.text) ? value : undefined;
}

function isDot(value: RawValue | undefined): boolean {
  return value !== undefined && ['.', './'].includes(value.text.trim());
}

function addUnique(list: ComponentId[], id: ComponentId): void {
  if (!list.includes(id)) list.push(id);
}

function nameOf(id: ComponentId): string {
  return id.slice(id.indexOf(':') + 1);
}
