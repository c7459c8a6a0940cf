/**
 * The proximity pass, run after every structured reader: each name in a subject position takes
 * the block that belongs to it (find-anchors), each value in that block is read by its shape
 * (read-value-shapes), and what the readers before it did not find is added. It never overrides:
 * every value it adds is marked `guessed`, so a value written anywhere in a structured form wins,
 * and a file that already has a producer or a freshness keeps it. A name becomes a worker only
 * when its block holds a command (one, or one cued by "run"/"start"/a Command label); a block
 * without a name belongs to the component whose exact command it holds.
 */
import type { Block } from './blocks.js';
import type { RawComponent, RawMap, RawValue } from './collect-entries.js';
import { findAnchors, type AnchorUnit } from './find-anchors.js';
import type { MessageSink } from './messages.js';
import { readValueShapes, type BlockFacts, type ShapedValue } from './read-value-shapes.js';
import { findFreshness, isPathLike } from './read-text.js';
import { canonicalKey } from './vocabulary.js';

const FRESH_COLUMN = /\b(fresh|freshness|stale|staleness|age|older|alarm|alert|objective|budget|sla|slo)\b/i;

// Entries this pass adds sort after every block the readers numbered.
const BLOCK_BASE = 1_000_000;

// What the readers before this pass found, indexed once (a map may have thousands of rows).
interface Known {
  raw: RawMap;
  sink: MessageSink;
  /** Command (spaces squashed) -> the component it starts. */
  commands: Map<string, string>;
  names: Set<string>;
  entries: Map<string, RawComponent[]>;
  produced: Set<string>;
  fresh: Set<string>;
  reads: Map<string, Set<string>>;
}

/** Adds what names in subject positions and the values around them state, and nothing the map already says. */
export function readAnchors(blocks: Block[], raw: RawMap, sink: MessageSink): void {
  const found = findAnchors(blocks);
  dropBorrowedCommands(raw);
  const known = indexRaw(raw, sink);
  const units = keepIncidentCards(found, known);
  for (const unit of units) if (unit.subject && !isPathLike(unit.subject)) known.names.add(unit.subject);
  const read = units.map((unit) => ({ unit, facts: readValueShapes(unit.pieces, known.names, unit.subject) }));
  // A name whose own block gives it one command is known by that command too.
  for (const { unit, facts } of read) {
    const command = unit.subject && !isPathLike(unit.subject) ? chooseCommand(facts) : null;
    if (command && !known.commands.has(squash(command.text))) known.commands.set(squash(command.text), unit.subject ?? '');
  }
  let block = BLOCK_BASE;
  for (const { unit, facts } of read) {
    block++;
    const subject = unit.subject ?? ownerByCommand(facts, known.commands);
    if (!subject) continue;
    if (isPathLike(subject)) addFileFacts(subject, unit, facts, known);
    else addWorkerFacts(subject, unit, facts, known, block);
  }
}

// A card in an incident section is read when it says it is the current state or is the only
// declaration of its component (with a warning either way); otherwise it is dropped, with a warning.
function keepIncidentCards(units: AnchorUnit[], known: Known): AnchorUnit[] {
  const elsewhere = new Set(units.filter((u) => !u.incident && u.subject).map((u) => u.subject ?? ''));
  const claimed = new Set<string>();
  return units.filter((unit) => {
    if (!unit.incident || !unit.subject) return true;
    const { heading, current } = unit.incident;
    const declared = known.entries.has(unit.subject) || elsewhere.has(unit.subject) || claimed.has(unit.subject);
    if (current || !declared) {
      claimed.add(unit.subject);
      known.sink.warning('read-from-incident', `\`${unit.subject}\` is read from the incident section \`${heading}\` because ${current ? 'it says it is the current state' : 'nothing else declares it'}; its values never override values stated elsewhere`, unit.place);
      return true;
    }
    known.sink.warning('dropped-from-incident', `\`${unit.subject}\` in the incident section \`${heading}\` is not read: it does not say it is the current state and \`${unit.subject}\` is declared elsewhere`, unit.place);
    return false;
  });
}

// A command guessed from prose under one name (an alert `### PG_NOT_READY` saying "restart with
// \`postgres -D data/pg\`") that another component states as its own is that component's, not this one's.
function dropBorrowedCommands(raw: RawMap): void {
  const stated = new Map<string, string>();
  for (const entry of raw.workers) {
    const command = entry.values.get('command');
    if (command && !command.guessed) stated.set(squash(command.text), nameOf(entry));
  }
  for (const entry of raw.workers) {
    const command = entry.values.get('command');
    const owner = command?.guessed ? stated.get(squash(command.text)) : undefined;
    if (owner !== undefined && owner !== nameOf(entry)) {
      entry.values.delete('command');
      entry.partial = true;
    }
  }
}

function indexRaw(raw: RawMap, sink: MessageSink): Known {
  const known: Known = { raw, sink, commands: new Map(), names: new Set(), entries: new Map(), produced: new Set(), fresh: new Set(), reads: new Map() };
  for (const entry of raw.workers) {
    const name = nameOf(entry);
    known.entries.set(name, [...(known.entries.get(name) ?? []), entry]);
    const command = entry.values.get('command')?.text;
    if (command) {
      known.commands.set(squash(command), name);
      known.names.add(name);
    }
    for (const word of tokens(entry.values.get('produces')?.text)) known.produced.add(word);
    for (const word of tokens(entry.values.get('dependsOn')?.text)) readsOf(known, name).add(word);
  }
  for (const file of raw.files) {
    const path = file.values.get('path')?.text ?? '';
    if (file.values.has('producer')) known.produced.add(path);
    if (file.values.has('freshness')) known.fresh.add(path);
  }
  for (const output of raw.outputs) for (const to of output.to) known.produced.add(to.text);
  for (const entry of raw.freshness) if (entry.file) known.fresh.add(entry.file.text);
  for (const dependency of raw.dependencies) for (const to of dependency.to) readsOf(known, dependency.from.text).add(to.text);
  return known;
}

function nameOf(entry: RawComponent): string {
  return (entry.values.get('name')?.text ?? '').replace(/`/g, '').trim();
}

function tokens(text: string | undefined): string[] {
  return (text ?? '').replace(/`/g, ' ').split(/[\s,;]+/).filter((t) => t !== '');
}

function readsOf(known: Known, name: string): Set<string> {
  let set = known.reads.get(name);
  if (!set) known.reads.set(name, (set = new Set()));
  return set;
}

// The component whose exact command a nameless block holds, when it holds one component's only.
function ownerByCommand(facts: BlockFacts, commands: Map<string, string>): string | null {
  const owners = new Set(facts.commands.map((c) => commands.get(squash(c.text))).filter((n): n is string => n !== undefined));
  const [only] = owners;
  return owners.size === 1 && only !== undefined ? only : null;
}

// The command a block gives its subject: its only command, or its only cued one.
function chooseCommand(facts: BlockFacts): ShapedValue | null {
  const distinct = (list: ShapedValue[]): ShapedValue[] => [...new Map(list.map((c) => [squash(c.text), c])).values()];
  const all = distinct(facts.commands);
  if (all.length === 1) return all[0] ?? null;
  const cued = distinct(facts.commands.filter((c) => c.cued));
  return cued.length === 1 ? (cued[0] ?? null) : null;
}

function addWorkerFacts(name: string, unit: AnchorUnit, facts: BlockFacts, known: Known, block: number): void {
  const { raw } = known;
  const existing = known.entries.get(name) ?? [];
  const has = (key: string): boolean => existing.some((e) => e.values.has(key));
  const started = has('command');
  let command = started ? null : chooseCommand(facts);
  // Another component's command is never this one's.
  const owner = command ? known.commands.get(squash(command.text)) : undefined;
  if (command && owner !== undefined && owner !== name) command = null;
  if (!started && !command) {
    if (new Set(facts.commands.map((c) => squash(c.text))).size > 1) {
      known.sink.warning('not-a-worker', `\`${name}\` has ${facts.commands.length} command-like values here (${facts.commands.map((c) => `\`${c.text}\``).join(', ')}) and none is marked as how it starts; it is not read as a worker`, unit.place);
    }
    return;
  }
  const values = new Map<string, RawValue>();
  const guess = (key: string, value: ShapedValue | null): void => {
    if (value && !has(key) && !values.has(key)) values.set(key, { text: value.text, place: value.place, guessed: true });
  };
  guess('command', command);
  guess('health', facts.health);
  guess('port', facts.port);
  guess('pidfile', facts.pidfile);
  guess('lock', facts.lock);
  if (facts.job && facts.schedule) {
    // A schedule with a time of day (`2nd of every month at 07:00`) says more than one without (`monthly`).
    const vague = existing.find((e) => e.values.get('schedule')?.guessed && !/\d:\d\d/.test(e.values.get('schedule')?.text ?? ''));
    if (vague && /\d:\d\d/.test(facts.schedule.text)) vague.values.set('schedule', { ...facts.schedule, guessed: true });
    else if (!has('type')) {
      guess('type', { text: 'job', place: facts.schedule.place });
      guess('schedule', facts.schedule);
    }
  }
  if (values.size > 0) {
    values.set('name', { text: name, place: unit.place });
    const entry: RawComponent = { place: unit.place, values, partial: !started && !command, block };
    raw.workers.push(entry);
    known.entries.set(name, [...existing, entry]);
  }
  const from: RawValue = { text: name, place: unit.place };
  for (const { path, fresh } of facts.writes) {
    if (!known.produced.has(path.text)) {
      raw.outputs.push({ from, to: [{ ...path }], soft: true });
      known.produced.add(path.text);
    }
    if (fresh) addFresh(known, path, fresh, from);
  }
  const read = readsOf(known, name);
  const writes = new Set(facts.writes.map((w) => w.path.text));
  const reads = [...new Map(facts.reads.filter((r) => !read.has(r.text) && !writes.has(r.text) && r.text !== name).map((r) => [r.text, { ...r }])).values()];
  if (reads.length > 0) raw.dependencies.push({ from, to: reads, soft: true });
  for (const r of reads) read.add(r.text);
  for (const { path, fresh } of facts.freshness) addFresh(known, path, fresh, null);
}

// A row about a file: its freshness (a duration in a freshness-like column, or after a cue), and
// its writer when a Producer-like column names a declared component.
function addFileFacts(path: string, unit: AnchorUnit, facts: BlockFacts, known: Known): void {
  for (const entry of facts.freshness) addFresh(known, entry.path, entry.fresh, null);
  if (unit.form !== 'row') return;
  for (const piece of unit.pieces) {
    const label = piece.label ?? '';
    const fresh = findFreshness(piece.marked, FRESH_COLUMN.test(label));
    if (fresh) addFresh(known, { text: path, place: unit.place }, { text: fresh, place: piece.place }, null);
    const writer = piece.marked.replace(/[`*]/g, '').trim();
    if (canonicalKey('files', label) === 'producer' && known.names.has(writer) && !known.produced.has(path)) {
      known.raw.outputs.push({ from: { text: writer, place: piece.place }, to: [{ text: path, place: unit.place }], soft: true });
      known.produced.add(path);
    }
  }
}

function addFresh(known: Known, path: ShapedValue, fresh: ShapedValue, worker: RawValue | null): void {
  if (known.fresh.has(path.text)) return;
  known.raw.freshness.push({ file: { ...path }, worker, value: { ...fresh } });
  known.fresh.add(path.text);
}

function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
