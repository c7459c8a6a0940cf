/**
 * Reads the standard formats teams paste into their maps: a Procfile (`name: command`),
 * supervisord `[program:x]` sections, and a JSON Schema for a config (YAML/JSON/TOML catalogues
 * and compose files are read by read-catalogue.ts). Each returns plain entries; the caller files them into the raw map.
 */
import { createRequire } from 'node:module';
import { splitCommandAside } from './read-process-aside.js';

// Parsers are loaded at their first use (a CommonJS require keeps these functions synchronous),
// so reading a map whose code blocks do not need one does not pay for loading it.
const load = createRequire(import.meta.url);
const ini = (): typeof import('ini') => load('ini') as typeof import('ini');

/** A worker a code block declares, with its keys as written (canonical keys chosen by the caller). */
export interface BlockWorker {
  name: string;
  /** Line offset inside the block (0-based). */
  line: number;
  keys: [string, string][];
  /** Files it writes, each with an optional freshness text. */
  produces: { path: string; freshness: string | null }[];
  reads: string[];
  /** A comment on its line (`# writes out/x.json every 5 min`), read as prose about it. */
  note?: string;
}

/** A config field a JSON Schema declares, as table keys (type, default, range, required). */
export interface SchemaField {
  name: string;
  keys: [string, string][];
}

const PROCFILE_LINE = /^([A-Za-z][\w.-]*)\s*:\s+(\S.*)$/;

/** Reads a Procfile: every non-comment line is `name: command`. Null when the block is not one. */
export function readProcfile(lang: string, value: string): BlockWorker[] | null {
  if (lang !== '' && lang !== 'procfile' && lang !== 'text' && lang !== 'sh') return null;
  const workers: BlockWorker[] = [];
  const lines = value.split('\n');
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const m = PROCFILE_LINE.exec(line.trim());
    if (!m?.[1] || !m[2] || /^(https?|[a-z]+):\/\//.test(m[2])) return null;
    const note = / #\s*(.*)$/.exec(m[2]);
    const command = note ? m[2].slice(0, note.index) : m[2];
    workers.push({ name: m[1], line: index, keys: [['command', command.trim()]], produces: [], reads: [], ...(note?.[1] ? { note: note[1].trim() } : {}) });
  }
  return workers.length > 0 && (lang === 'procfile' || workers.length >= 2) ? workers : null;
}

/**
 * Reads a block of aligned columns whose first column is a name and last a command
 * (`payout    every 6 hours    python payout.py`); middle columns are its schedule.
 */
export function readColumnsBlock(lang: string, value: string, isCommand: (text: string) => boolean): BlockWorker[] | null {
  if (lang !== '' && lang !== 'text' && lang !== 'txt') return null;
  const workers: BlockWorker[] = [];
  for (const [index, line] of value.split('\n').entries()) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const columns = line.trim().split(/\s{2,}|\t+/);
    const name = columns[0] ?? '';
    // A last column that is only an aside (`(pidfile: run/x.pid)`) belongs to the command before it.
    if (columns.length > 2 && /^\(.*\)$/.test(columns[columns.length - 1] ?? '')) columns.splice(-2, 2, `${columns[columns.length - 2] ?? ''} ${columns[columns.length - 1] ?? ''}`);
    const { command, keys: asideKeys } = splitCommandAside(columns[columns.length - 1] ?? '');
    if (columns.length < 2 || !/^[A-Za-z][\w.-]*$/.test(name) || !isCommand(command)) return null;
    const keys: [string, string][] = [['command', command], ...asideKeys];
    if (columns.length > 2) keys.push(['schedule', columns.slice(1, -1).join(' ')]);
    workers.push({ name, line: index, keys, produces: [], reads: [] });
  }
  return workers.length > 0 ? workers : null;
}

/** Reads supervisord's `[program:NAME]` sections with their `command=`. Null when there are none. */
export function readSupervisord(lang: string, value: string): BlockWorker[] | null {
  if (!/^\s*\[program:/m.test(value) || (lang !== '' && lang !== 'ini' && lang !== 'conf' && lang !== 'dosini')) return null;
  const parsed = ini().parse(value) as Record<string, Record<string, string>>;
  const lines = value.split('\n');
  return Object.entries(parsed)
    .filter(([section]) => section.startsWith('program:'))
    .map(([section, keys]) => ({
      name: section.slice('program:'.length),
      line: Math.max(0, lines.findIndex((l) => l.includes(`[${section}]`))),
      keys: typeof keys.command === 'string' ? [['command', keys.command] as [string, string]] : [],
      produces: [],
      reads: [],
    }));
}

/** True when a JSON block is a JSON Schema (it has `$schema`, or `type: object` with `properties`). */
export function isJsonSchema(value: unknown): value is { properties: Record<string, Record<string, unknown>>; required?: string[]; title?: string } {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v.properties === 'object' && v.properties !== null && ('$schema' in v || v.type === 'object');
}

/** The fields of a JSON Schema's top-level properties, as table keys. */
export function readSchemaFields(schema: { properties: Record<string, Record<string, unknown>>; required?: string[] }): SchemaField[] {
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  return Object.entries(schema.properties).map(([name, spec]) => {
    const keys: [string, string][] = [];
    const type = Array.isArray(spec.type) ? spec.type.find((t) => t !== 'null') : spec.type;
    if (typeof type === 'string' && ['string', 'number', 'integer', 'boolean'].includes(type)) keys.push(['type', type]);
    if ('default' in spec) keys.push(['default', JSON.stringify(spec.default)]);
    const min = spec.minimum ?? spec.exclusiveMinimum;
    const max = spec.maximum ?? spec.exclusiveMaximum;
    if (typeof min === 'number' || typeof max === 'number') keys.push(['range', `${typeof min === 'number' ? min : ''}..${typeof max === 'number' ? max : ''}`]);
    keys.push(['required', required.has(name) ? 'yes' : 'no']);
    return { name, keys };
  });
}
