/**
 * The second pass of the free-form reader, once every component is known: sentences such as
 * "`pool` depends on `bitcoind` and reads `pool/pool.json`", "`staging/raw.parquet` feeds
 * transform", "should never be older than 5 minutes", and the arrows of diagrams, read in
 * data-flow direction unless the map's legend or an edge's label says otherwise.
 */
import type { RawMap, RawValue } from './collect-entries.js';
import type { Diagram, Statement } from './collect-free.js';
import type { MessageSink } from './messages.js';
import type { Place } from './types.js';
import { findFreshness, findPort, isCommandLike, isConfigPath, isPathLike, plainOf, splitSentences } from './read-text.js';
import { countPhrase, leadingPhrase } from './read-outside-object.js';
import { DEPEND_VERBS, FEED_VERBS, SETTINGS_PLACE, WRITE_VERBS, WRITTEN_BY_VERBS } from './relation-verbs.js';

const PRONOUN = /^\s*(it|it's|its|this|they|then|the (job|service|daemon|worker|process|program|binary|stage|relay|scraper|server))\b/i;
const PRONOUN_START = /^\W*(?:so\s+|and\s+|then\s+)?(it|it's|its)\b/i;
const NEGATION = /\b(not|never|n't|nobody|no one|nothing)\b/i;

// Requirements (RFC 2119) and plans put the verb after a modal: "the validator SHALL read `x`".
const MODAL_VERB = /\b(?:must|shall|should|will|may|can|is to|are to)\s+(?:also\s+|only\s+|always\s+|first\s+)?(read|write|consume|need|require|produce|emit|append|update|depend on|use|load|poll|tail|generate|output|watch|publish)\b/gi;

/** The sentence with "MUST write", "SHALL depend on" turned into "writes", "depends on". */
export function normalizeModals(text: string): string {
  return text.replace(MODAL_VERB, (_, verb: string) => {
    const lower = verb.toLowerCase();
    if (lower === 'depend on') return 'depends on';
    return /(?:sh|ch)$/.test(lower) ? `${lower}es` : `${lower}s`;
  });
}

interface Verb { kind: 'depends' | 'writes' | 'feeds' | 'writtenBy' | 'configured'; start: number; end: number }
// `spelled`: written in code or bold, so meant as a name even when nothing declares it.
interface Ref { text: string; start: number; end: number; spelled?: boolean }

/** Reads every kept sentence and diagram into dependencies, outputs and freshness. */
export function readStatements(raw: RawMap, statements: Statement[], diagrams: Diagram[], legends: string[], sink: MessageSink): void {
  const workers = new Set(raw.workers.map((w) => w.values.get('name')?.text ?? ''));
  const texts = statements.map((s) => s.marked);
  // The workers a heading's text is about so far (named, not as a relation's object): when there is
  // one, it is what "it" means in a sentence outside any component.
  // The paragraph's or bullet's own topic comes first ("`dashboard` is the web page. It reads x").
  let heading: string | null | undefined;
  let topics = new Set<string>();
  for (const statement of statements) {
    if (statement.heading !== heading) [heading, topics] = [statement.heading, new Set()];
    const local = new Set<string>();
    for (const sentence of splitSentences(normalizeModals(statement.marked))) {
      const only = local.size === 1 ? [...local][0] : local.size === 0 && topics.size === 1 ? [...topics][0] : undefined;
      readSentence(raw, workers, statement, sentence, texts, only ?? null);
      for (const topic of topicsOf(sentence, workers)) local.add(topic);
    }
    for (const topic of local) topics.add(topic);
  }
  const legend = readLegend(legends);
  for (const diagram of diagrams) readDiagram(raw, workers, diagram, legend, sink);
}

// A plain phrase a needing verb takes ("needs the ground station network"): a proper name or a
// phrase of several words that the map names again elsewhere; a passing phrase is none.
function outsideObject(rest: string, texts: string[], workers: Set<string>): string | null {
  const phrase = leadingPhrase(rest);
  if (!phrase || workers.has(phrase) || !(/\s/.test(phrase) || /^\p{Lu}/u.test(phrase))) return null;
  return countPhrase(texts, phrase) >= 2 ? phrase : null;
}

function readSentence(raw: RawMap, workers: Set<string>, statement: Statement, sentence: string, texts: string[], lastNamed: string | null): void {
  const place = statement.place;
  const refs = referencesOf(sentence, workers);
  const verbs = verbsOf(sentence, workers);
  // Outside a component only a pronoun ("It reads ...", "So it depends on ...") points back at a name.
  const subjectless = PRONOUN_START.test(sentence) || (verbs[0] !== undefined && /^[\W_]*$/.test(sentence.slice(0, verbs[0].start)));
  const context = statement.scope?.name ?? (lastNamed !== null && subjectless ? { text: lastNamed, place } : null);
  let sentenceSubject: RawValue | null | undefined;
  for (const [i, verb] of verbs.entries()) {
    const nextStart = verbs[i + 1]?.start ?? sentence.length;
    const subjectRef = refs.filter((r) => r.start < verb.start).pop();
    const between = sentence.slice(subjectRef ? subjectRef.end : 0, verb.start);
    if (NEGATION.test(between) || NEGATION.test(sentence.slice(0, verb.start).split(/[,;]/).pop() ?? '')) continue;
    // `data/exports folder` keeps that it names a folder as its trailing slash (created as one).
    const after = objectsAfter(sentence, refs, verb.end, nextStart).map((r) => ({ text: folderWordFollows(sentence, r) ? `${r.text}/` : r.text, place, spelled: r.spelled }));
    if (verb.kind === 'feeds') {
      if (!subjectRef) continue;
      for (const target of after.filter((r) => workers.has(r.text))) raw.dependencies.push({ from: target, to: [{ text: subjectRef.text, place }], soft: true });
      continue;
    }
    if (verb.kind === 'writtenBy') {
      const writer = after.find((r) => workers.has(r.text));
      if (writer && subjectRef && isPathLike(subjectRef.text)) raw.outputs.push({ from: writer, to: [{ text: subjectRef.text, place }], soft: true });
      continue;
    }
    // The name just before the verb is its subject ("load additionally needs migrate"); after a
    // comma or "and" the verb shares the sentence's subject ("reads from pool and writes x").
    const adjacent = subjectRef && workers.has(subjectRef.text) && !/^\s*(,|:|and\b|then\b|but\b)|[()]/.test(between) && between.trim().split(/\s+/).filter(Boolean).length <= 2;
    if (sentenceSubject === undefined || adjacent) {
      // A command before the verb ("runs `python x.py` and writes ...") is not a subject: the component is.
      sentenceSubject = adjacent && subjectRef ? { text: subjectRef.text, place } : (!subjectRef || PRONOUN.test(sentence) || isCommandLike(subjectRef.text)) ? context : sentenceSubject ?? null;
    }
    const subject = sentenceSubject;
    if (verb.kind === 'configured') {
      const configs = after.filter((r) => isConfigPath(r.text) && r.text !== subject?.text);
      if (!subject || configs.length === 0) continue;
      raw.dependencies.push({ from: subject, to: configs, soft: true });
      // Named as the place of settings, it is a config even when the map describes none of its fields.
      for (const config of configs) {
        if (!raw.configs.some((c) => c.path.text === config.text) && !raw.configFields.some((f) => f.configPath.text === config.text)) raw.configs.push({ path: config, values: new Map() });
      }
      continue;
    }
    // A pid file a worker "writes its pid to" is its pidfile, never an output.
    const objects = after.filter((r) => r.text !== subject?.text && !(verb.kind === 'writes' && /\.pid$/.test(r.text)) && (workers.has(r.text) || isPathLike(r.text) || (verb.kind === 'depends' && r.spelled && !isCommandLike(r.text))));
    if (subject && objects.length === 0 && verb.kind === 'depends' && (statement.scope !== null || subject !== context)) {
      const outside = outsideObject(sentence.slice(verb.end, nextStart), texts, workers);
      if (outside) raw.dependencies.push({ from: subject, to: [{ text: outside, place }], soft: true });
    }
    if (!subject || objects.length === 0) continue;
    if (verb.kind === 'depends') raw.dependencies.push({ from: subject, to: objects, soft: true });
    else {
      raw.outputs.push({ from: subject, to: objects, soft: true });
      statement.scope?.produced.push(...objects);
    }
  }
  readFreshnessSentence(raw, statement, sentence, refs, place);
  readPortSentence(raw, workers, statement, sentence, refs);
}

// The workers a sentence names other than as the object of a relation verb ("`cue_runner` reads
// x", "The heart of it is `cue_runner`", but not "it depends on `dmx_daemon`").
function topicsOf(sentence: string, workers: Set<string>): string[] {
  const refs = referencesOf(sentence, workers);
  const verbs = verbsOf(sentence, workers);
  // A verb whose subject is no component ("the operators watch the show on `stage_ui`") leaves its object the topic.
  const ofComponent = (at: number): boolean => refs.some((r) => workers.has(r.text) && r.end <= at) || /\b(it|they)\b/i.test(sentence.slice(0, at));
  const objects = new Set(verbs.flatMap((verb, i) => (ofComponent(verb.start) ? objectsAfter(sentence, refs, verb.end, verbs[i + 1]?.start ?? sentence.length) : [])));
  return refs.filter((r) => workers.has(r.text) && !objects.has(r)).map((r) => r.text);
}

// The objects of a verb: the references after it, as long as only a few words part them.
// A path with no extension followed by `folder`, `directory`, `dir` (`writes into the data/exports folder`).
function folderWordFollows(sentence: string, ref: Ref): boolean {
  return isPathLike(ref.text) && !ref.text.endsWith('/') && !/\.[A-Za-z]\w{0,7}$/.test(ref.text) && /^\s*(folder|directory|dir)\b/i.test(sentence.slice(ref.end));
}

function objectsAfter(sentence: string, refs: Ref[], from: number, to: number): Ref[] {
  const objects: Ref[] = [];
  let end = from;
  for (const ref of refs) {
    if (ref.start < from || ref.start >= to) continue;
    const gap = sentence.slice(end, ref.start);
    if (/["“”;:(]/.test(gap) || NEGATION.test(gap) || gap.trim().split(/\s+/).filter(Boolean).length > 6) break;
    objects.push(ref);
    end = ref.end;
  }
  return objects;
}

// "- 8332 — `bitcoind` RPC": a port beside exactly one worker's name.
function readPortSentence(raw: RawMap, workers: Set<string>, statement: Statement, sentence: string, refs: Ref[]): void {
  const named = [...new Set(refs.map((r) => r.text).filter((t) => workers.has(t)))];
  const plain = plainOf(sentence);
  if (named.length !== 1 || !/^\s*\d{2,5}\b|\bport\s+\d{2,5}\b|\blistens on\b/i.test(plain) || /\b(used to|was|previously|moved)\b/i.test(plain)) return;
  const port = findPort(plain);
  if (port === null) return;
  const name = { text: named[0] ?? '', place: statement.place };
  raw.workers.push({ place: statement.place, values: new Map([['name', name], ['port', { text: String(port), place: statement.place }]]), partial: true, block: -1 });
}

function readFreshnessSentence(raw: RawMap, statement: Statement, sentence: string, refs: Ref[], place: Place): void {
  const fresh = findFreshness(sentence, statement.kind === 'files' && refs.some((r) => isPathLike(r.text)));
  if (!fresh) return;
  const paths = [...new Set(refs.map((r) => r.text).filter(isPathLike))];
  const value = { text: fresh, place };
  // Several paths: the limit is the one stated after the last path before it ("writes `b`, which
  // should be at most 2 hours old").
  const at = sentence.indexOf(fresh);
  const nearest = paths.length > 1 && at >= 0 ? refs.filter((r) => isPathLike(r.text) && r.end <= at).pop() : undefined;
  if (paths.length === 1 || nearest) raw.freshness.push({ file: { text: nearest?.text ?? paths[0] ?? '', place }, worker: null, value });
  else if (paths.length === 0 && statement.scope) {
    const produced = statement.scope.produced[statement.scope.produced.length - 1];
    if (produced) raw.freshness.push({ file: produced, worker: statement.scope.name, value });
  }
}

function referencesOf(sentence: string, workers: Set<string>): Ref[] {
  const refs: Ref[] = [];
  // Code inside bold (`**depends on \`x\`**`) is the name; bold alone is one when it holds no code.
  for (const m of sentence.matchAll(/`([^`]+)`|\*\*([^*`]+)\*\*/g)) {
    const text = (m[1] ?? m[2] ?? '').trim();
    if (text !== '') refs.push({ text, start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, spelled: true });
  }
  const masked = sentence.replace(/`[^`]*`|\*\*[^*]*\*\*/g, (s) => ' '.repeat(s.length));
  for (const m of masked.matchAll(/[\w./-]+/g)) {
    const text = m[0].replace(/(?<!\.)\.+$/, '');
    if (workers.has(text) || (isPathLike(text) && text.includes('/'))) refs.push({ text, start: m.index ?? 0, end: (m.index ?? 0) + m[0].length });
  }
  return refs.sort((a, b) => a.start - b.start);
}

// The relation verbs of a sentence; a word that is a declared worker's name (`ingest`, `export`) is no verb.
function verbsOf(sentence: string, workers: Set<string>): Verb[] {
  // Code is masked with a mark, not spaces, so a verb's particle never reaches past it ("reads `x` to learn").
  const masked = sentence.replace(/`[^`]*`/g, (s) => '#'.repeat(s.length));
  const verbs: Verb[] = [];
  const add = (re: RegExp, kind: Verb['kind']): void => {
    for (const m of masked.matchAll(re)) {
      if (!workers.has(m[0].split(/\s/)[0] ?? '')) verbs.push({ kind, start: m.index ?? 0, end: (m.index ?? 0) + m[0].length });
    }
  };
  add(WRITTEN_BY_VERBS, 'writtenBy');
  add(SETTINGS_PLACE, 'configured');
  add(FEED_VERBS, 'feeds');
  add(DEPEND_VERBS, 'depends');
  add(WRITE_VERBS, 'writes');
  const sorted = verbs.sort((a, b) => a.start - b.start || b.end - a.end);
  return sorted.filter((v, i) => !sorted.slice(0, i).some((u) => v.start < u.end));
}

/** Which way the map's arrows point: data flow (`A → B`: B depends on A) unless a legend says otherwise. */
type Direction = { dataFlow: boolean; stated: boolean };

function readLegend(legends: string[]): Direction {
  for (const text of legends) {
    const plain = plainOf(text);
    const m = /\b([A-Z])\s*(?:→|->|-->|⟶|=>)\s*([A-Z])\b[\s\S]{0,300}?\b([A-Z]) depends on ([A-Z])\b/.exec(plain);
    if (m) return { dataFlow: m[3] === m[2], stated: true };
    if (/data flows?|follow(s)? the data|way data flows/i.test(plain)) return { dataFlow: true, stated: true };
  }
  return { dataFlow: true, stated: false };
}

function readDiagram(raw: RawMap, workers: Set<string>, given: Diagram, legend: Direction, sink: MessageSink): void {
  const diagram = given.unreadAt ? keepCertainEdges(given, workers, sink) : given;
  const { reading, place } = diagram;
  if (given.unreadAt && reading.edges.length === 0) return;
  if (reading.edges.length === 0 || reading.unreadLines * 2 > reading.arrowLines) {
    sink.warning('diagram-not-read', `Expected arrows between names or paths (\`a → b\`) in this diagram, got ${reading.arrowLines - reading.edges.length > 0 ? 'lines whose ends are not single names' : 'no readable arrow'}; it is not read, so state its dependencies in a list or table`, place);
    return;
  }
  let guessed = false;
  const stated = [...raw.dependencies];
  for (const edge of reading.edges) {
    const at: Place = { line: (diagram.bodyLine ?? place.line + 1) + edge.line, column: 1 };
    const from: RawValue = { text: edge.from, place: at };
    const to: RawValue = { text: edge.to, place: at };
    const label = (edge.label ?? '').toLowerCase();
    if (edge.label && isPathLike(edge.label)) {
      const file = { text: edge.label, place: at };
      raw.outputs.push({ from, to: [file], soft: true });
      raw.dependencies.push({ from: to, to: [file], soft: true });
    } else if (/depends on|needs|requires|reads|uses|calls|waits for|registers/.test(label)) {
      raw.dependencies.push({ from, to: [to], soft: true });
    } else if (/writes|produces|emits|outputs/.test(label)) {
      raw.outputs.push({ from, to: [to], soft: true });
    } else {
      const fromFile = isPathLike(edge.from) && !workers.has(edge.from);
      const toFile = isPathLike(edge.to) && !workers.has(edge.to);
      if (fromFile && toFile) continue;
      const [upstream, downstream] = legend.dataFlow ? [from, to] : [to, from];
      // A guessed direction between two components never turns round what the map's text states
      // (an arrow drawn from a client to its database, which a sentence says the client needs).
      if (!fromFile && !toFile && !legend.stated && stated.some((d) => d.from.text === upstream.text && d.to.some((t) => t.text === downstream.text))) continue;
      if (!fromFile && !toFile && !legend.stated) guessed = true;
      if (isPathLike(downstream.text) && !workers.has(downstream.text)) raw.outputs.push({ from: upstream, to: [downstream], soft: true });
      else raw.dependencies.push({ from: downstream, to: [upstream], soft: true });
    }
  }
  if (guessed) sink.warning('arrow-direction', 'Read this diagram\'s arrows as data flow (`A → B`: B depends on A), as no legend says which way they point', place);
}

// A drawing's edges between declared workers or paths; every other arrow is warned about with its line.
function keepCertainEdges(diagram: Diagram, workers: Set<string>, sink: MessageSink): Diagram {
  const known = (name: string): boolean => workers.has(name) || isPathLike(name);
  const edges = diagram.reading.edges.filter((e) => known(e.from) && known(e.to));
  const unread = [...(diagram.unreadAt ?? []), ...diagram.reading.edges.filter((e) => !edges.includes(e)).map((e) => e.line)];
  const first = (diagram.bodyLine ?? diagram.place.line + 1);
  const lines = [...new Set(unread)].sort((a, b) => a - b).map((line) => first + line);
  if (edges.length === 0) {
    sink.warning('diagram-not-read', `Expected arrows between declared components or paths in this drawing, got ${lines.length === 0 ? 'none' : `arrows on line${lines.length === 1 ? '' : 's'} ${lines.join(', ')} that join undeclared names, bend or point both ways`}; it is not read, so state its dependencies in a list or table`, diagram.place);
    return { ...diagram, reading: { ...diagram.reading, edges: [], arrowLines: 0 } };
  }
  if (lines.length > 0) {
    sink.warning('diagram-partly-read', `Read ${edges.length} arrow${edges.length === 1 ? '' : 's'} of this drawing; the arrow${lines.length === 1 ? '' : 's'} on line${lines.length === 1 ? '' : 's'} ${lines.join(', ')} ${lines.length === 1 ? 'joins' : 'join'} no declared component or path, bend${lines.length === 1 ? 's' : ''} or point${lines.length === 1 ? 's' : ''} both ways, so ${lines.length === 1 ? 'it is' : 'they are'} not read; state ${lines.length === 1 ? 'it' : 'them'} in a list if ${lines.length === 1 ? 'it matters' : 'they matter'}`, { line: lines[0] ?? first, column: 1 });
  }
  return { ...diagram, reading: { ...diagram.reading, edges, unreadLines: edges.length > 0 ? 0 : lines.length } };
}

