/**
 * The words a map may use: section headings and the keys/columns of each kind of component,
 * each with its natural synonyms. Matching ignores case, punctuation, emoji and numbering.
 */

/** The sections healmap reads; anything else in a map is prose. */
export type SectionKind = 'workers' | 'files' | 'configs' | 'dependencies' | 'settings';

const SECTION_NAMES: Record<SectionKind, string[]> = {
  workers: ['workers', 'worker', 'worker processes', 'processes', 'process', 'services', 'service',
    'daemons', 'daemon', 'background workers', 'jobs'],
  files: ['files', 'file', 'outputs', 'output', 'output files', 'data files', 'data', 'artifacts',
    'artefacts', 'produced files'],
  configs: ['configs', 'config', 'configuration', 'configurations', 'config files',
    'configuration files', 'settings files'],
  dependencies: ['dependencies', 'dependency', 'depends', 'dependency graph'],
  settings: ['settings', 'healmap settings', 'healmap', 'healing settings', 'agent settings'],
};

const WORKER_KEYS = {
  name: ['worker', 'name', 'process', 'service', 'daemon', 'component', 'program', 'target', 'unit', 'stage',
    'step', 'task'],
  command: ['command', 'cmd', 'start', 'run', 'start command', 'exec', 'entrypoint', 'entry point',
    'how to run', 'started with', 'launch', 'invocation'],
  produces: ['produces', 'output', 'outputs', 'writes', 'emits', 'writes to', 'artifacts', 'artefacts'],
  dependsOn: ['depends on', 'dependencies', 'depends', 'inputs', 'input', 'needs', 'requires', 'reads',
    'consumes', 'leans on', 'uses', 'reads from', 'upstream'],
  freshness: ['freshness', 'freshness sla', 'sla', 'max age', 'staleness budget', 'max staleness',
    'fresh within', 'staleness', 'stale after', 'service level', 'fresh', 'must be fresher than'],
  pidfile: ['pid file', 'pidfile'],
  port: ['port', 'ports', 'listens on', 'listen', 'listens', 'binds'],
  lock: ['lock', 'lock file', 'lockfile'],
  cwd: ['cwd', 'working directory', 'workdir', 'directory'],
  startWithin: ['start within', 'startup grace', 'start grace', 'start timeout', 'grace'],
  critical: ['critical'],
  type: ['type', 'kind', 'worker type'],
  schedule: ['schedule', 'runs', 'run at', 'cron', 'when'],
  restart: ['restart', 'restart policy', 'restarts', 'on exit'],
  maxMemory: ['max memory', 'memory limit', 'max rss'],
  restartBeforeBreach: ['restart before breach', 'rejuvenate'],
  onUnhealthy: ['on unhealthy', 'on failure'],
  onStale: ['on stale', 'on hung'],
  onDead: ['on dead', 'on crash', 'on exit'],
  health: ['health check', 'healthcheck', 'health', 'readiness', 'liveness'],
  healthPeriod: ['health period', 'health interval', 'check period'],
  healthTimeout: ['health timeout', 'check timeout'],
  healthRetries: ['health retries', 'failure threshold', 'retries'],
  healthSuccess: ['success threshold'],
  startPeriod: ['start period'],
  env: ['env', 'environment'],
  envFile: ['env file', 'environment file', 'envfile'],
  user: ['user', 'run as', 'runs as'],
  stopSignal: ['stop signal', 'kill signal'],
  /** Workers it restarts with at ladder step 2, like systemd's PartOf= (read by build-model.ts). */
  partOf: ['part of', 'restart with', 'restarts with'],
  ignored: ['description', 'notes', 'note', 'purpose', 'role', 'owner team', 'comment', 'kind of need', 'what', 'summary',
    'protocol', 'used by', 'language', 'owner', 'team'],
} as const;

const FILE_KEYS = {
  path: ['file', 'path', 'name', 'artifact', 'artefact', 'output', 'output file', 'data file', 'data set', 'dataset'],
  producer: ['producer', 'produced by', 'written by', 'owner', 'writer', 'updated by', 'touched by'],
  freshness: ['fresh within', 'max age', 'sla', 'freshness', 'update frequency', 'updates every',
    'updated every', 'freshness sla', 'alert when older than', 'must be fresher than', 'stale after',
    'staleness budget', 'max staleness', 'staleness', 'older than', 'age', 'newer than', 'service level'],
  critical: ['critical', 'required'],
  createWith: ['default content', 'create with', 'template', 'initial content'],
  /** Who reads the file: each is a dependency on it (read by read-file-readers.ts). */
  readers: ['reader', 'readers', 'read by', 'consumer', 'consumers', 'consumed by', 'used by', 'who reads it', 'downstream'],
  ignored: ['description', 'notes', 'note', 'purpose', 'format', 'contents', 'comment', 'cadence',
    'update cadence'],
} as const;

const CONFIG_KEYS = {
  path: ['config', 'file', 'path', 'config file'],
  field: ['field', 'key', 'setting', 'variable', 'section key', 'parameter', 'option', 'env var',
    'environment variable'],
  type: ['type'],
  default: ['default', 'default value'],
  range: ['range', 'allowed range', 'bounds', 'limits', 'allowed', 'constraint', 'constraints',
    'valid values', 'valid range', 'allowed values'],
  required: ['required', 'mandatory'],
  critical: ['critical'],
  format: ['format', 'config format', 'syntax'],
  validateWith: ['validate with', 'validator', 'check with', 'validate command'],
  /** A cross-config rule: the field must equal this `config#field` (read by read-config-rules.ts). */
  equals: ['equals', 'must equal', 'must match', 'must be equal to', 'same as', 'equal to', 'mirrors', 'copied from',
    'source of truth'],
  ignored: ['description', 'notes', 'note', 'purpose', 'comment', 'meaning'],
} as const;

const SETTING_KEYS = {
  interval: ['interval', 'check interval', 'cycle', 'cycle interval', 'every'],
  startWithin: ['start within', 'startup grace', 'start grace'],
  stopGrace: ['stop grace', 'stop timeout', 'kill after'],
  backoff: ['backoff', 'retry backoff', 'backoff schedule'],
  maxFailures: ['max failures', 'restart intensity', 'max restarts'],
  failureWindow: ['failure window', 'intensity window', 'restart window'],
  cooldown: ['cooldown', 'escalation cooldown'],
  healthyReset: ['healthy reset', 'reset after', 'backoff reset'],
  minUptime: ['min uptime', 'minimum uptime', 'start secs', 'startsecs', 'stable after'],
  onEscalate: ['on escalate', 'escalate', 'escalation command', 'on escalation'],
  onRecover: ['on recover', 'on recovery', 'recovery command', 'on resolve'],
  alertmanager: ['alertmanager', 'alertmanager url', 'alerts to'],
  minFreeDisk: ['min free disk', 'minimum free disk', 'disk threshold', 'min disk'],
  minFreeMemory: ['min free memory', 'minimum free memory', 'memory threshold', 'min memory'],
  probeTimeout: ['probe timeout'],
  probeConcurrency: ['probe concurrency', 'concurrency'],
  logMaxSize: ['log max size', 'max log size', 'log size'],
  debounce: ['debounce'],
  healthPeriod: ['health period', 'health interval'],
  healthTimeout: ['health timeout'],
  healthRetries: ['health retries', 'failure threshold'],
  startPeriod: ['start period'],
  ignored: ['description', 'notes', 'note'],
} as const;

/** The canonical keys of each component kind. */
export type WorkerKey = keyof typeof WORKER_KEYS;
export type FileKey = keyof typeof FILE_KEYS;
export type ConfigKey = keyof typeof CONFIG_KEYS;
export type SettingKey = keyof typeof SETTING_KEYS;

/** Keys per section, for the table and bullet readers. */
export const KEYS_BY_SECTION = {
  workers: WORKER_KEYS,
  files: FILE_KEYS,
  configs: CONFIG_KEYS,
  settings: SETTING_KEYS,
} as const;

// The most words any key synonym has.
const MAX_KEY_WORDS = Math.max(...Object.values(KEYS_BY_SECTION).flatMap((keys) => Object.values(keys as Record<string, readonly string[]>).flat()).map((s) => s.split(' ').length));

/** Lowercases and strips emoji, punctuation, numbering and parenthesised asides. */
export function normalizeWords(text: string): string {
  return text
    .toLowerCase()
    .replace(/\([^()]*\)/g, ' ')
    .replace(/^[\s\d.)\-:#]*(?:[ivx]+[.)]\s+)?/u, '')
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The section a heading opens, or null for any other heading. */
export function sectionOf(headingText: string): SectionKind | null {
  const words = normalizeWords(headingText).replace(/^the /, '');
  for (const [kind, names] of Object.entries(SECTION_NAMES) as [SectionKind, string[]][]) {
    if (names.includes(words)) return kind;
  }
  return null;
}

/** The canonical key a column or bullet key names in a section, or null when unknown. */
export function canonicalKey<S extends keyof typeof KEYS_BY_SECTION>(
  section: S,
  text: string,
): keyof (typeof KEYS_BY_SECTION)[S] | null {
  const words = normalizeWords(text);
  const keys = KEYS_BY_SECTION[section] as Record<string, readonly string[]>;
  // Exact first; then the phrase without its leading qualifiers, so a `Launch command` or a
  // `Maximum permitted age` column is read by its head noun (`command`, `age`).
  const parts = words.split(' ');
  // A tail longer than the longest synonym cannot match: skipping it keeps a long header linear.
  for (let start = Math.max(0, parts.length - MAX_KEY_WORDS); start < parts.length; start++) {
    const tail = parts.slice(start).join(' ');
    for (const [key, synonyms] of Object.entries(keys)) {
      if (synonyms.includes(tail)) return key as keyof (typeof KEYS_BY_SECTION)[S];
    }
  }
  return null;
}

// Words that give a column away when its header is not one of the synonyms ("Freshness SLO", "Start command").
const SIGNAL_WORDS: Record<'workers' | 'files' | 'configs', [string, RegExp][]> = {
  workers: [['command', /\b(command|cmd|start|run|exec|entry ?point|launch)/], ['port', /\b(port|listen)/],
    ['produces', /\b(writes|output|produces|emits)/], ['dependsOn', /\b(reads|depends|needs|inputs?|consumes|requires|upstream)/],
    ['name', /\b(name|service|worker|process|component|daemon|program)\b/], ['health', /\b(health|liveness|readiness)/]],
  files: [['freshness', /\b(fresh|stale|sla|slo|max age|older|age)/], ['producer', /\b(writ|produc|owner|generated|updated by)/],
    ['readers', /\b(reads?|reader|consum|used by)\b/],
    ['path', /\b(file|path|artifact|artefact|output|dataset)/]],
  configs: [['field', /\b(key|field|name|setting|variable|param|option)/], ['type', /\btype\b/], ['default', /\bdefault/],
    ['range', /\b(range|bound|allowed|valid|limit|min|max)/], ['required', /\b(required|mandatory|optional)/]],
};

/** The key a column header means: a synonym, else the first key whose signal words it contains. */
export function columnKey(section: 'workers' | 'files' | 'configs', text: string): string | null {
  const exact = canonicalKey(section, text) as string | null;
  if (exact !== null) return exact;
  const words = normalizeWords(text);
  return SIGNAL_WORDS[section].find(([, re]) => re.test(words))?.[0] ?? null;
}

/** All the words a section accepts as keys, for "did you mean" hints. */
export function knownKeys(section: keyof typeof KEYS_BY_SECTION): string[] {
  const keys = KEYS_BY_SECTION[section] as Record<string, readonly string[]>;
  return Object.entries(keys).filter(([key]) => key !== 'ignored').flatMap(([, words]) => words);
}
