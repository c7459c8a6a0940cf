import type { ConfigFormat } from './config-format.js';
import type { JobSchedule, RestartPolicy, WorkerType } from './job-schedule.js';

/** A place in the map: 1-based line and column, as unified and vfile count them. */
export interface Place {
  line: number;
  column: number;
}

/** The kinds of component a map declares. */
export type ComponentKind = 'worker' | 'file' | 'config';

/** A node id: `worker:NAME`, `file:PATH` or `config:PATH`. */
export type ComponentId = string;

/** A process the map names, with how to start it and what it touches. */
export interface WorkerSpec {
  kind: 'worker';
  id: ComponentId;
  name: string;
  command: string;
  /** Ids of the files this worker writes. */
  produces: ComponentId[];
  /** Ids of the components this worker needs (files, configs, workers). */
  dependsOn: ComponentId[];
  /** Pidfile the worker writes itself, relative to the map's folder. */
  pidfile: string | null;
  port: number | null;
  /** Lock file the worker holds, relative to the map's folder. */
  lock: string | null;
  /** Working directory relative to the map's folder (`.` when not declared). */
  cwd: string;
  /** How long a freshly started worker must stay up to count as started. */
  startWithinMs: number;
  critical: boolean;
  /** A daemon runs forever; a job runs to completion (exit 0 is success). */
  type: WorkerType;
  /** When a job runs again; null for daemons and one-shot jobs. */
  schedule: JobSchedule | null;
  /** When a worker that is not running is started again (daemons `always`, jobs `on-failure`). */
  restart: RestartPolicy;
  /** Memory (RSS) the worker must stay under, for time-to-breach forecasts; null when not declared. */
  maxMemoryBytes?: number | null;
  /** Restart the worker at a quiet moment before a forecast memory breach (`restart before breach: yes`). */
  restartBeforeBreach?: boolean;
  /** Declared recovery steps (its `on …:` keys, then Recovery table rows), in map order. */
  recovery?: RecoveryStep[];
  /** How to ask the worker whether it is healthy; null when the map declares no check. */
  health: HealthCheckSpec | null;
  /** Extra environment: the `env file` (dotenv) first, then `env` entries over it. */
  env: Record<string, string>;
  /** A dotenv file read at each start, relative to the map's folder. */
  envFile: string | null;
  /** The account the worker runs as (only when healmap runs as root). */
  user: string | null;
  /** The signal that asks the worker to stop (SIGTERM unless declared; nginx wants SIGQUIT). */
  stopSignal: string;
  /** Workers it is restarted with when ladder step 2 restarts them (`part of: redis`, systemd's PartOf=); each is also a dependency. */
  partOf?: ComponentId[];
  place: Place;
}

/** A worker's health check, with Kubernetes/Nomad semantics. */
export interface HealthCheckSpec {
  /** `http`: GET, 2xx/3xx is healthy; `tcp`: the worker's port accepts; `command`: exits 0. */
  kind: 'http' | 'tcp' | 'command';
  /** The URL, the port (tcp) or the shell command. */
  target: string;
  periodMs: number;
  timeoutMs: number;
  /** Consecutive failures before the worker counts as unhealthy. */
  failureThreshold: number;
  /** Consecutive successes before an unhealthy worker counts as healthy again. */
  successThreshold: number;
  /** After a start, failures do not count for this long. */
  startPeriodMs: number;
}

/** A data file the system produces, with its freshness SLA. */
export interface FileSpec {
  kind: 'file';
  id: ComponentId;
  path: string;
  producer: ComponentId | null;
  freshWithinMs: number | null;
  critical: boolean;
  /** Content for a missing file; null means create it empty. */
  createWith: string | null;
  /** True when the map names a folder here (`spool/out/`, `the data/exports folder`): created as a folder, never as a file. */
  folder?: true;
  /** False for a file only named in a worker's produces/depends and not in Files. */
  declared: boolean;
  place: Place;
}

/** The value types a config field may declare. */
export type FieldType = 'string' | 'number' | 'integer' | 'boolean';

/** One field of a config with its contract. */
export interface ConfigField {
  name: string;
  type: FieldType | null;
  /** Parsed default (JSON value), undefined when none is given. */
  default: unknown;
  min: number | null;
  max: number | null;
  required: boolean;
  place: Place;
}

/** A config file (JSON, YAML, TOML, INI, .env, `key value`, or opaque) with the fields the map requires of it. */
export interface ConfigSpec {
  kind: 'config';
  id: ComponentId;
  path: string;
  /** How healmap reads and edits it; `opaque` is validated only, never rewritten. */
  format: ConfigFormat;
  /** Why that format (`declared`, `extension .yaml`), as `lint` says it. */
  formatFrom: string;
  /** A command that validates the file (`nginx -t -c {path}`); exit code 0 means valid. */
  validateWith: string | null;
  fields: ConfigField[];
  critical: boolean;
  /** The JSON Schema the map gives for this config, when it gives one. */
  schema?: unknown;
  place: Place;
}

/** Any component of the map. */
export type Component = WorkerSpec | FileSpec | ConfigSpec;

/** The tunables of healmap itself, every default filled in. */
export interface ResolvedSettings {
  intervalMs: number;
  startWithinMs: number;
  stopGraceMs: number;
  backoffMs: number[];
  maxFailures: number;
  failureWindowMs: number;
  cooldownMs: number;
  healthyResetMs: number;
  /** How long a repaired worker must stay up for the repair to count (supervisord's `startsecs`). */
  minUptimeMs: number;
  onEscalate: string | null;
  /** Shell command run when a component that was alerted on recovers. */
  onRecover: string | null;
  /** Alertmanager base URL: one alert per root cause, resolved on recovery. */
  alertmanagerUrl: string | null;
  minFreeDiskBytes: number;
  minFreeMemoryBytes: number;
  probeTimeoutMs: number;
  probeConcurrency: number;
  logMaxBytes: number;
  debounceMs: number;
  /** Defaults of workers' health checks. */
  healthPeriodMs: number;
  healthTimeoutMs: number;
  healthRetries: number;
  healthStartPeriodMs: number;
}

/** A declared recovery step (a runbook line): a command run as a rung of a worker's repair ladder. */
export interface RecoveryStep {
  /** The worker it recovers. */
  component: ComponentId;
  /** The problem it answers: a problem code, `unhealthy` (any), `dead` or `stale` (hung, or an output stale). */
  when: string;
  command: string;
  /** `restart`: restart the worker after the command; `none`: the command instead of a restart. */
  then: 'restart' | 'none';
  timeoutMs: number;
  place: Place;
}

/** A validated architecture map: the typed model every later stage reads. */
export interface MapModel {
  /** Absolute path of the map file. */
  mapPath: string;
  /** Absolute folder every relative path in the map is resolved against. */
  rootDir: string;
  workers: WorkerSpec[];
  files: FileSpec[];
  configs: ConfigSpec[];
  settings: ResolvedSettings;
  /** Each fact read, with the place it was read from (for `healmap explain`). */
  facts?: MapFact[];
  /** Sections read as prose on purpose (changelogs, runbooks...), for `healmap explain`. */
  ignored?: { heading: string; place: Place }[];
  /** Cross-config rules: a field of one config must equal a field of another. */
  rules?: ConfigRule[];
  /** Dependencies read from free text (not healmap's own format): a cycle drops one of them with a warning. */
  inferredEdges?: InferredEdge[];
}

/** A worker's dependency read from free text: `from` depends on `to`, read at `place`. */
export interface InferredEdge {
  from: ComponentId;
  to: ComponentId;
  place: Place;
}

/**
 * A cross-config rule (`pool.json#rpc_port = bitcoin.conf#rpcport`): the left side is the
 * dependent, repaired by copying; the right side is the source of truth, never edited.
 */
export interface ConfigRule {
  /** The dependent config (left side). */
  config: ComponentId;
  field: string;
  /** The source of truth (right side). */
  source: ComponentId;
  sourceField: string;
  place: Place;
}

/** One fact healmap read from the map, and where. */
export interface MapFact {
  component: ComponentId;
  /** What the fact sets: `command`, `port`, `produces`, `depends on`, `fresh within`, `field`... */
  fact: string;
  value: string;
  place: Place;
}

/** Severity of a message about the map. */
export type MessageSeverity = 'error' | 'warning';

/** A positioned finding about the map, in the vfile way. */
export interface MapMessage {
  severity: MessageSeverity;
  /** Stable identifier of the rule, e.g. `duplicate-component`. */
  rule: string;
  message: string;
  place: Place;
}
