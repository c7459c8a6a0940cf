/**
 * Reads a component catalogue written as a YAML, JSON or TOML block: a list of mappings with a
 * name-like key, or a mapping of named mappings (at the top, or under any key such as
 * `services:` or `components:`), or one named mapping per block, or Backstage-style documents
 * (`kind` + `metadata.name` + `spec`). A collection is a catalogue when its entries give a way to
 * start something (see read-catalogue-entry.ts); a config's contents or an example output, whose
 * entries start nothing, are not. Entries under `outside:` / `external:` are outside systems.
 */
import { formatOfBlock, parseBlockTrees, type Tree, type TreeEntry } from './parse-block-tree.js';
import { familyOf, hasStartCommand, readCatalogueEntry, textOf, type CatalogueEntry } from './read-catalogue-entry.js';

/** What a catalogue block says: its workers, the outside systems it names, and what it could not read. */
export interface CatalogueReading {
  entries: CatalogueEntry[];
  externals: { name: string; line: number }[];
  unread: { line: number; message: string }[];
}

const OUTSIDE_KEY = /^(outside|external|externals|external systems|third party|thirdparty|outside systems)$/;
// Keys that tell a worker apart from a config section when no entry has a command.
const COMPONENT_FAMILIES = new Set(['produces', 'needs', 'schedule', 'pidfile', 'lock', 'health']);

/** Reads a block as a component catalogue; null when it is not structured data or holds no catalogue. */
export function readCatalogue(lang: string, value: string): CatalogueReading | null {
  const format = formatOfBlock(lang, value);
  const trees = format ? parseBlockTrees(format, value) : null;
  if (!trees) return null;
  const reading: CatalogueReading = { entries: [], externals: [], unread: [] };
  for (const tree of trees) collect(tree, reading, 0);
  if (reading.entries.length > 0) {
    for (const tree of trees) if (tree.kind === 'map') readOutside(tree, reading);
    // What an entry calls is a dependency when the catalogue runs it, else an outside system.
    const names = new Set(reading.entries.map((e) => e.name));
    for (const entry of reading.entries) {
      for (const call of entry.calls) (names.has(call.name) ? entry.needs : reading.externals).push(call);
      reading.externals.push(...entry.externals);
      reading.unread.push(...entry.unread);
    }
    return reading;
  }
  return reading.unread.length > 0 ? reading : null;
}

// Finds the catalogues in a tree: this node's entries if they start something, else deeper.
function collect(tree: Tree, reading: CatalogueReading, depth: number): void {
  if (depth > 3) return;
  const named = namedEntries(tree);
  // One named mapping (a block per component, or a Backstage document).
  if (tree.kind === 'map' && depth === 0) {
    const single = singleEntry(tree);
    if (single) {
      reading.entries.push(single);
      return;
    }
  }
  if (named.length > 0 && named.some((n) => hasStartCommand(n.entries))) {
    for (const n of named) reading.entries.push(readCatalogueEntry(n.name, n.line, n.entries));
    if (tree.kind === 'map' && depth > 0) readOutside(tree, reading);
    return;
  }
  if (named.length >= 2 && named.filter((n) => n.entries.some((e) => COMPONENT_FAMILIES.has(familyOf(e.key) ?? ''))).length >= 2) {
    const list = named.map((n) => `\`${n.name}\``).join(', ');
    reading.unread.push({ line: tree.line, message: `Expected a command in at least one of these entries (${list}): a \`command\`, \`run\` or \`exec\` key or a command line as a value; they are not read as workers` });
    return;
  }
  const children = tree.kind === 'map' ? tree.entries.map((e) => e.value) : tree.kind === 'list' ? tree.items : [];
  for (const child of children) collect(child, reading, depth + 1);
}

interface Named {
  name: string;
  line: number;
  entries: TreeEntry[];
}

// The named mappings a node holds: list items with a name-like key, or a mapping's mapping values.
function namedEntries(tree: Tree): Named[] {
  if (tree.kind === 'list') {
    return tree.items.flatMap((item) => {
      if (item.kind !== 'map') return [];
      const name = nameOf(item.entries);
      return name ? [{ name, line: item.line, entries: item.entries }] : [];
    });
  }
  if (tree.kind !== 'map') return [];
  return tree.entries.flatMap((entry) => {
    if (entry.value.kind !== 'map' || OUTSIDE_KEY.test(words(entry.key))) return [];
    return [{ name: nameOf(entry.value.entries) ?? entry.key, line: entry.line, entries: flatten(entry.value.entries) }];
  });
}

function singleEntry(tree: Extract<Tree, { kind: 'map' }>): CatalogueEntry | null {
  const entries = flatten(tree.entries);
  const name = nameOf(tree.entries);
  return name && hasStartCommand(entries) ? readCatalogueEntry(name, tree.line, entries) : null;
}

// A Backstage/Kubernetes-ish document keeps its name under `metadata` and its facts under `spec`.
function flatten(entries: TreeEntry[]): TreeEntry[] {
  return entries.flatMap((e) => (/^(spec|metadata)$/.test(e.key) && e.value.kind === 'map' ? e.value.entries : [e]));
}

function nameOf(entries: TreeEntry[]): string | null {
  const metadata = entries.find((e) => e.key === 'metadata' && e.value.kind === 'map');
  const within = metadata?.value.kind === 'map' ? metadata.value.entries : entries;
  const name = within.find((e) => familyOf(e.key) === 'name' && textOf(e.value) !== null);
  const text = textOf(name?.value)?.trim() ?? '';
  return /^[A-Za-z][\w.@-]{0,63}$/.test(text) ? text : null;
}

// `outside: { weather-api: "..." }` beside the components: each key is an outside system.
function readOutside(tree: Extract<Tree, { kind: 'map' }>, reading: CatalogueReading): void {
  for (const entry of tree.entries) {
    if (!OUTSIDE_KEY.test(words(entry.key))) continue;
    const value = entry.value;
    if (value.kind === 'map') for (const e of value.entries) reading.externals.push({ name: e.key, line: e.line });
    else if (value.kind === 'list') for (const item of value.items) if (textOf(item)) reading.externals.push({ name: textOf(item) ?? '', line: item.line });
  }
}

function words(key: string): string {
  return key.toLowerCase().replace(/[_\-.\s]+/g, ' ').trim();
}
