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

/** Adds what names in subject positions and the values around them state, and nothing the map already says. */
export function readAnchors(blocks: Block[], raw: RawMap, sink: MessageSink): void {
  const units = findAnchors(blocks);
  const commands = new Map<string, string>();
  for (const entry of raw.workers) {
    const name = entry.values.get('name')?.text.replace(/`/g, '').trim();
    const command = entry.values.get('command')?.text;
    if (name && command) commands.set(squash(command), name);
  }
  const names = new Set([...commands.values(), ...units.flatMap((u) => (u.subject && !isPathLike(u.subject) ? [u.subject] : []))]);
  const read = units.map((unit) => ({ unit, facts: readValueShapes(unit.pieces, names, unit.subject) }));
  // A name whose own block gives it one command is known by that command too.
  for (const { unit, facts } of read) {
    const command = unit.subject && !isPathLike(unit.subject) ? chooseCommand(facts) : null;
    if (command && !commands.has(squash(command.text))) commands.set(squash(command.text), unit.subject ?? '');
  }
  let block = BLOCK_BASE;
  for (const { unit, facts } of read) {
    block++;
    const subject = unit.subject ?? ownerByCommand(facts, commands);
    if (!subject) continue;
    if (isPathLike(subject)) addFileFacts(subject, unit, facts, names, raw);
    else addWorkerFacts(subject, unit, facts, commands, raw, sink, block);
  }
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

function addWorkerFacts(name: string, unit: AnchorUnit, facts: BlockFacts, commands: Map<string, string>, raw: RawMap, sink: MessageSink, block: number): void {
  const existing = raw.workers.filter((e) => e.values.get('name')?.text.replace(/`/g, '').trim() === name);
  const has = (key: string): boolean => existing.some((e) => e.values.has(key));
  const known = has('command');
  let command = known ? null : chooseCommand(facts);
  // Another component's command is never this one's.
  const owner = command ? commands.get(squash(command.text)) : undefined;
  if (command && owner !== undefined && owner !== name) command = null;
  if (!known && !command) {
    if (new Set(facts.commands.map((c) => squash(c.text))).size > 1) {
      sink.warning('not-a-worker', `\`${name}\` has ${facts.commands.length} command-like values here (${facts.commands.map((c) => `\`${c.text}\``).join(', ')}) and none is marked as how it starts; it is not read as a worker`, unit.place);
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
    const entry: RawComponent = { place: unit.place, values, partial: !known && !command, block };
    raw.workers.push(entry);
  }
  const from: RawValue = { text: name, place: unit.place };
  for (const { path, fresh } of facts.writes) {
    if (!producerOf(raw, path.text)) raw.outputs.push({ from, to: [{ ...path }], soft: true });
    if (fresh && !hasFreshness(raw, path.text)) raw.freshness.push({ file: { ...path }, worker: from, value: { ...fresh } });
  }
  const read = new Set(raw.dependencies.filter((d) => d.from.text === name).flatMap((d) => d.to.map((t) => t.text)));
  const writes = new Set(facts.writes.map((w) => w.path.text));
  const reads = facts.reads.filter((r) => !read.has(r.text) && !writes.has(r.text) && r.text !== name);
  if (reads.length > 0) raw.dependencies.push({ from, to: [...new Map(reads.map((r) => [r.text, { ...r }])).values()], soft: true });
  addFreshness(facts, raw);
}

// A row about a file: its freshness (a duration in a freshness-like column, or after a cue), and
// its writer when a Producer-like column names a declared component.
function addFileFacts(path: string, unit: AnchorUnit, facts: BlockFacts, names: Set<string>, raw: RawMap): void {
  addFreshness(facts, raw);
  if (unit.form !== 'row') return;
  const place = unit.place;
  for (const piece of unit.pieces) {
    const label = piece.label ?? '';
    const freshColumn = FRESH_COLUMN.test(label);
    const fresh = findFreshness(piece.marked, freshColumn);
    if (fresh && !hasFreshness(raw, path)) raw.freshness.push({ file: { text: path, place }, worker: null, value: { text: fresh, place: piece.place } });
    const writer = piece.marked.replace(/[`*]/g, '').trim();
    if (canonicalKey('files', label) === 'producer' && names.has(writer) && !producerOf(raw, path)) {
      raw.outputs.push({ from: { text: writer, place: piece.place }, to: [{ text: path, place }], soft: true });
    }
  }
}

function addFreshness(facts: BlockFacts, raw: RawMap): void {
  for (const { path, fresh } of facts.freshness) {
    if (!hasFreshness(raw, path.text)) raw.freshness.push({ file: { ...path }, worker: null, value: { ...fresh } });
  }
}

function producerOf(raw: RawMap, path: string): boolean {
  return raw.files.some((f) => f.values.get('path')?.text === path && f.values.has('producer')) || raw.outputs.some((o) => o.to.some((t) => t.text === path));
}

function hasFreshness(raw: RawMap, path: string): boolean {
  return raw.files.some((f) => f.values.get('path')?.text === path && f.values.has('freshness')) || raw.freshness.some((f) => f.file?.text === path);
}

function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
