/**
 * What a heading opens, read from the words it contains: one of healmap's sections, prose that
 * must never set a value (changelogs, runbooks, troubleshooting), the outside systems, or
 * nothing known (its content is then read by its form alone).
 */
import { normalizeWords, sectionOf, type SectionKind } from './vocabulary.js';
import { codeSpans, isConfigPath, isNameLike, isPathLike, splitTrailingAside } from './read-text.js';

/** The kinds of heading: a section healmap reads, prose, outside systems, or unknown (null). */
export type HeadingKind = SectionKind | 'prose' | 'external' | null;

/** A heading as the readers need it. */
export interface HeadingReading {
  kind: HeadingKind;
  /** True when the heading is one of the exact section names the README lists. */
  exact: boolean;
  /** A component name or path the heading consists of (`### market_feed`, `## \`config/a.json\``). */
  name: string | null;
  /** A config path the heading names (`## Data contracts — \`config/risk.yaml\``). */
  configPath: string | null;
}

// Checked in this order; each entry is a list of words or phrases a heading may contain.
const CONTAINS: [Exclude<HeadingKind, null>, string[]][] = [
  ['prose', ['changelog', 'change log', 'changes', 'history', 'incident', 'incidents', 'runbook', 'runbooks',
    'troubleshooting', 'todo', 'to do', 'faq', 'known issues', 'ops notes', 'quick checks', 'when things go wrong',
    'glossary', 'open questions', 'operations', 'symptoms', 'postmortem', 'post mortem', 'release notes',
    'roadmap', 'still to do', 'notes', 'note', 'remarks', 'lessons learned', 'on call', 'oncall', 'playbook', 'debugging', 'migration', 'migrations', 'procedures', 'operating procedures', 'open actions', 'action items',
    // Recovery sections hold declared steps, read by read-recovery.ts alone.
    'recovery', 'recovery steps', 'recoveries', 'remediation', 'remediations',
    // Cross-config rules, read by read-config-rules.ts alone.
    'cross config', 'consistency', 'invariants', 'config rules']],
  ['external', ['external', 'outside', 'third party', 'we don t own', 'we do not own', 'not ours', 'upstream systems', 'upstream',
    'vendors', 'third parties']],
  ['dependencies', ['dependency', 'dependencies', 'depends', 'depends on whom', 'topology', 'data flow', 'dataflow',
    'data path', 'wiring', 'inputs outputs', 'inputs and outputs', 'who reads what', 'graph']],
  ['files', ['files', 'freshness', 'fresh', 'staleness', 'outputs', 'artifacts', 'artefacts', 'slas', 'sla',
    'data files', 'service level', 'service levels', 'stale', 'too stale']],
  ['configs', ['config', 'configs', 'configuration', 'configurations', 'contract', 'contracts', 'environment',
    'schema', 'schemas', 'env']],
  ['workers', ['services', 'service', 'processes', 'process', 'components', 'component', 'workers', 'worker',
    'daemons', 'what runs', 'pieces', 'stages', 'runtime', 'supervision', 'jobs', 'programs', 'the pieces']],
];

// Prose words that say "remarks", not "history": beside a section word (`Glossary of components`), the section wins.
const SOFT_PROSE = ['notes', 'note', 'remarks', 'glossary'];

/** Reads a heading: which section it opens, and the component or config it names. */
export function classifyHeading(text: string, marked: string = text): HeadingReading {
  const exact = sectionOf(text);
  const name = componentNameOf(text, marked);
  const configPath = [...codeSpans(marked), ...text.split(/\s+/)].map((t) => t.replace(/^[`(]+|(?<![`):,])[`):,]+$/g, '')).find(isConfigPath) ?? null;
  if (exact) return { kind: exact, exact: true, name: null, configPath };
  const words = ` ${normalizeWords(text)} `;
  // A heading that is one section word (`## pieces`, `## jobs`) opens that section, not a component.
  const wholePhrase = CONTAINS.some(([, phrases]) => phrases.includes(words.trim()));
  if (name && !configPath && !wholePhrase) return { kind: null, exact: false, name, configPath: null };
  const kinds = CONTAINS.filter(([, phrases]) => phrases.some((phrase) => words.includes(` ${phrase} `))).map(([kind]) => kind);
  // "Notes per service", "Remarks on each process": notes about a section are that section, not history.
  const soft = kinds[0] === 'prose' && SOFT_PROSE.some((phrase) => words.includes(` ${phrase} `)) && !CONTAINS[0]?.[1].some((phrase) => !SOFT_PROSE.includes(phrase) && words.includes(` ${phrase} `));
  const kind = soft && kinds[1] !== undefined ? kinds[1] : kinds[0];
  if (kind !== undefined) return { kind, exact: false, name: null, configPath };
  return { kind: configPath ? 'configs' : null, exact: false, name, configPath };
}

// A heading that is only a name or a path, maybe in code, maybe with a dash and a description.
function componentNameOf(text: string, marked: string): string | null {
  const lead = /^\s*(?:\d+[.)]\s*)?`([^`]+)`\s*(?:$|[—–:(-])/.exec(marked) ?? /^\s*(?:\d+[.)]\s*)?\*\*([^*]+)\*\*\s*(?:$|[—–:(-])/.exec(marked)
    // A bare identifier before a dash and its description (`frost_model — decides whether frost is
    // coming`); a label such as `SLO-F1 — raw landing` starts upper-case and has no underscore.
    ?? /^\s*(?:\d+[.)]\s*)?([a-z][\w.-]*|[A-Za-z]\w*_[\w.-]*)\s+[—–]\s+\S/.exec(text);
  const candidate = (lead?.[1] ?? splitTrailingAside(text.replace(/^\s*(?:\d+(?:\.\d+)*[.)]?\s+|\d+[.)]\s*)/, '')).text).trim();
  if (isNameLike(candidate) && /[_\-.]|^[a-z]/.test(candidate)) return candidate;
  if (isPathLike(candidate)) return candidate;
  return labelledNameOf(text, marked);
}

// A short label around one code name: `Stage 1 — \`watcher\``, `3.1 C-01 \`scorer\``.
function labelledNameOf(text: string, marked: string): string | null {
  const spans = codeSpans(marked);
  const [only] = spans;
  if (spans.length !== 1 || only === undefined || !isNameLike(only)) return null;
  const label = marked.replace(/`[^`]*`/, ' ').replace(/[^\p{L}\p{N}\s]/gu, ' ').trim().split(/\s+/).filter(Boolean);
  // A label that names a section (`Settings of \`relay\``, `Runbook: \`api\``) keeps the heading a section.
  const words = ` ${normalizeWords(label.join(' '))} `;
  if (CONTAINS.some(([, phrases]) => phrases.some((phrase) => words.includes(` ${phrase} `)))) return null;
  return label.length <= 4 && text.length <= 60 ? only : null;
}
