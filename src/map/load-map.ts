import { MAP_MAX_BYTES, readRegularFile } from '../fs/read-regular-file.js';
import { dirname, resolve } from 'node:path';
import { buildGraph, type DependencyGraph } from '../graph/build-graph.js';
import { findCycles } from '../graph/find-cycles.js';
import { topologicalOrder } from '../graph/topological-order.js';
import { buildModel } from './build-model.js';
import { collectEntries } from './collect-entries.js';
import { MessageSink, sortMessages } from './messages.js';
import { DEFAULT_SETTINGS } from './read-settings.js';
import { parseMarkdown } from './parse-markdown.js';
import { attachRecoverySteps, readRecoveryTables } from './read-recovery.js';
import { readConfigRules } from './read-config-rules.js';
import type { ComponentId, MapMessage, MapModel } from './types.js';

/** A map read from disk: its model and graph, and every message about it. */
export interface LoadedMap {
  /** The map's path as the user gave it, used in messages. */
  label: string;
  model: MapModel;
  graph: DependencyGraph;
  /** Topological order of every node (dependencies first, ties by id). */
  order: ComponentId[];
  messages: MapMessage[];
  /** True when there is no error (warnings allowed). */
  ok: boolean;
}

/** Reads, parses and validates a map; problems in the map are messages, never exceptions. */
export async function loadMap(mapPath: string): Promise<LoadedMap> {
  const absolute = resolve(mapPath);
  const rootDir = dirname(absolute);
  const sink = new MessageSink();
  const text = await readMapText(absolute, sink);
  return loadMapText(text ?? '', { mapPath: absolute, label: mapPath, rootDir, sink, readable: text !== null });
}

/** Options of {@link loadMapText}. */
export interface LoadMapTextOptions {
  mapPath?: string;
  label?: string;
  rootDir?: string;
  sink?: MessageSink;
  readable?: boolean;
}

/** Parses and validates map text that is already in memory. */
export async function loadMapText(text: string, options: LoadMapTextOptions = {}): Promise<LoadedMap> {
  const mapPath = resolve(options.mapPath ?? 'ARCHITECTURE_MAP.md');
  const label = options.label ?? 'ARCHITECTURE_MAP.md';
  const rootDir = options.rootDir ?? dirname(mapPath);
  const sink = options.sink ?? new MessageSink();
  let model: MapModel = { mapPath, rootDir, workers: [], files: [], configs: [], settings: DEFAULT_SETTINGS };
  if (options.readable !== false) {
    // CommonMark counts \r\n and a lone \r as line endings; positions count lines the same way.
    const blocks = await parseMarkdown(text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')).catch((error: unknown) => {
      // The parser is a library: what it cannot handle is a finding about the map, never a crash
      // (a daemon reloading an edited map keeps running on the previous one).
      sink.error('unreadable-map', `Cannot parse the map: ${error instanceof Error ? error.message : String(error)}`, { line: 1, column: 1 });
      return null;
    });
    const raw = collectEntries(blocks ?? [], sink, label);
    model = buildModel(raw, mapPath, label, rootDir, sink);
    attachRecoverySteps(model, readRecoveryTables(blocks ?? [], model, sink));
    const rules = readConfigRules(blocks ?? [], raw, model, sink, label);
    if (rules.length > 0) model.rules = rules;
    if (blocks !== null && model.workers.length + model.files.length + model.configs.length === 0 && !sink.hasErrors) {
      sink.error('no-components', 'Expected at least one component: a Workers, Files or Configs section with a table or sub-headings', { line: 1, column: 1 });
    }
  }
  let graph = buildGraph(model);
  // A cycle through a dependency read from free text is a misreading more often than a design:
  // drop that dependency with a warning; a cycle written in healmap's own format stays an error.
  while (breakInferredCycles(model, findCycles(graph), sink)) graph = buildGraph(model);
  for (const cycle of findCycles(graph)) {
    const first = graph.nodes.get(cycle[0] ?? '');
    const names = cycle.map((id) => id.slice(id.indexOf(':') + 1)).join(' -> ');
    sink.error('dependency-cycle', `Dependency cycle: ${names}`, first?.place ?? { line: 1, column: 1 });
  }
  return {
    label,
    model,
    graph,
    order: topologicalOrder(graph),
    messages: sortMessages(sink.messages),
    ok: !sink.hasErrors,
  };
}

/** Drops one free-text dependency from each cycle that has one; true when any was dropped. */
function breakInferredCycles(model: MapModel, cycles: ComponentId[][], sink: MessageSink): boolean {
  let dropped = false;
  for (const cycle of cycles) {
    // The graph's edges run from a dependency to its dependent: `a -> b` is b depending on a.
    // Of the cycle's free-text dependencies, the one read last goes: component descriptions
    // usually come first, passing mentions (alerts, runbooks) later.
    const candidates = cycle.slice(1).flatMap((from, i) => (model.inferredEdges ?? []).filter((e) => e.from === from && e.to === cycle[i]));
    const edge = candidates.sort((a, b) => b.place.line - a.place.line || b.place.column - a.place.column)[0];
    const worker = model.workers.find((w) => w.id === edge?.from);
    if (!edge || !worker) continue;
    worker.dependsOn = worker.dependsOn.filter((id) => id !== edge.to);
    model.inferredEdges = model.inferredEdges?.filter((e) => e !== edge);
    model.facts = model.facts?.filter((f) => !(f.component === edge.from && f.fact === 'depends on' && f.value === edge.to));
    const names = cycle.map((id) => id.slice(id.indexOf(':') + 1)).join(' -> ');
    sink.warning('dependency-cycle', `Dependency cycle: ${names}; the dependency of \`${worker.name}\` on \`${edge.to.slice(edge.to.indexOf(':') + 1)}\` was read from prose here, so it is left out`, edge.place);
    dropped = true;
  }
  return dropped;
}

async function readMapText(path: string, sink: MessageSink): Promise<string | null> {
  const start = { line: 1, column: 1 };
  let bytes: Buffer;
  try {
    // The map a user names may be a link; it is still read only as a bounded regular file.
    bytes = await readRegularFile(path, MAP_MAX_BYTES, { followSymlink: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory'
      : code === 'EACCES' ? 'permission denied'
      : code === 'ENOTREG' ? 'it is not a regular file (a folder, FIFO, socket or device)'
      : code === 'EFBIG' ? `it is larger than ${MAP_MAX_BYTES / 1024 / 1024} MiB, the most healmap reads of a map`
      : String(code ?? error);
    sink.error('unreadable-map', `Cannot read the map: ${reason}`, start);
    return null;
  }
  if (bytes.includes(0)) {
    sink.error('unreadable-map', 'Expected a Markdown text file, got binary data (NUL bytes)', start);
    return null;
  }
  const text = bytes.toString('utf8');
  const invalid = findInvalidUtf8(bytes, text);
  if (invalid) {
    sink.error('unreadable-map', 'Expected UTF-8 text, got a byte sequence that is not UTF-8', invalid);
    return null;
  }
  if (text.trim() === '') {
    sink.error('unreadable-map', 'The map is empty; expected Markdown with Workers, Files or Configs sections', start);
    return null;
  }
  return text;
}

// Where the first byte sequence that is not UTF-8 sits, or null: decoding turned it into U+FFFD,
// and a U+FFFD that the file really holds (EF BF BD) is told apart by its bytes.
function findInvalidUtf8(bytes: Buffer, text: string): { line: number; column: number } | null {
  let at = text.indexOf('\uFFFD');
  while (at >= 0) {
    const offset = Buffer.byteLength(text.slice(0, at));
    if (!(bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd)) {
      const before = text.slice(0, at).split(/\r\n?|\n/);
      return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
    }
    at = text.indexOf('\uFFFD', at + 1);
  }
  return null;
}
