import { basename, extname } from 'node:path';

/**
 * The config formats healmap knows. `opaque` is one it cannot read or edit safely (nginx.conf,
 * an unknown extension): it is validated only, by a declared `validate with` command.
 */
export type ConfigFormat = 'json' | 'jsonc' | 'yaml' | 'toml' | 'ini' | 'env' | 'key-value' | 'properties' | 'opaque';

/** The format of a config and why it was picked (said by `lint`). */
export interface PickedFormat {
  format: ConfigFormat;
  /** `declared`, `extension .yaml`, `file name nginx.conf`, ... */
  from: string;
}

const BY_EXTENSION: Record<string, ConfigFormat> = {
  '.json': 'json', '.jsonc': 'jsonc', '.json5': 'opaque', '.yaml': 'yaml', '.yml': 'yaml', '.toml': 'toml',
  '.ini': 'ini', '.cfg': 'ini', '.conf': 'key-value', '.env': 'env', '.properties': 'properties',
};

// Names a map may write after `format:`, each with its synonyms.
const NAMES: Record<string, ConfigFormat> = {
  json: 'json', jsonc: 'jsonc', 'json with comments': 'jsonc', yaml: 'yaml', yml: 'yaml', toml: 'toml',
  ini: 'ini', cfg: 'ini', env: 'env', dotenv: 'env', '.env': 'env', 'key-value': 'key-value', 'key value': 'key-value',
  keyvalue: 'key-value', 'redis.conf': 'key-value', redis: 'key-value', conf: 'key-value',
  properties: 'properties', '.properties': 'properties', 'java properties': 'properties',
  opaque: 'opaque', none: 'opaque', 'validate only': 'opaque', 'read-only': 'opaque', nginx: 'opaque', other: 'opaque',
};

// `.conf` files that are not `key value` lines: nested blocks healmap must never rewrite.
const BLOCK_CONF_NAMES = new Set(['nginx.conf', 'httpd.conf', 'apache2.conf', 'haproxy.cfg', 'named.conf', 'lighttpd.conf', 'Caddyfile']);

/** Reads the name of a format as a map writes it (`YAML`, `key value`, `dotenv`), or null. */
export function parseFormatName(text: string): ConfigFormat | null {
  return NAMES[text.trim().toLowerCase().replace(/`/g, '')] ?? null;
}

/** The known format names, for messages. */
export function formatNames(): string[] {
  return ['json', 'jsonc', 'yaml', 'toml', 'ini', 'env', 'key-value', 'properties', 'opaque'];
}

/** Picks a config's format: the declared one, else from its file name and extension. */
export function pickConfigFormat(path: string, declared: ConfigFormat | null): PickedFormat {
  if (declared) return { format: declared, from: 'declared' };
  const name = basename(path);
  if (BLOCK_CONF_NAMES.has(name) || path.split('/').includes('nginx')) return { format: 'opaque', from: `file name ${name}` };
  if (name === '.env' || name.startsWith('.env.')) return { format: 'env', from: `file name ${name}` };
  const extension = extname(name).toLowerCase();
  const format = BY_EXTENSION[extension];
  if (format) return { format, from: `extension ${extension}` };
  return { format: 'opaque', from: extension === '' ? 'no extension' : `unknown extension ${extension}` };
}

/** True when healmap can read fields from a format. */
export function canReadFormat(format: ConfigFormat): boolean {
  return format !== 'opaque';
}

/** True when healmap edits a format (minimal text edits); otherwise it only validates it. */
export function canEditFormat(format: ConfigFormat): boolean {
  return format !== 'opaque';
}

/** True when a format stores every value as text (`port 6379`): fields are read by their declared type. */
export function storesText(format: ConfigFormat): boolean {
  return format === 'ini' || format === 'env' || format === 'key-value' || format === 'properties';
}

/** Applies a config's declared `format:` and `validate with:` (the format is checked: known names only). */
export function readConfigFormat(spec: { path: string; format: ConfigFormat; formatFrom: string; validateWith: string | null }, declared: { text: string } | undefined, validateWith: { text: string } | undefined): void {
  const named = declared ? parseFormatName(declared.text) : null;
  if (named) Object.assign(spec, { format: named, formatFrom: 'declared' });
  if (validateWith) spec.validateWith = validateWith.text.trim();
}

/** Warns about configs healmap can only partly check: fields it cannot read, or no check at all. */
export function checkConfigFormats(configs: ConfigSpecLike[], sink: { warning(rule: string, message: string, place: { line: number; column: number }): void }): void {
  for (const config of configs) {
    if (config.format !== 'opaque') continue;
    const why = `healmap does not read \`${config.path}\` (${config.formatFrom}) and never rewrites it`;
    if (config.fields.length > 0) {
      sink.warning('fields-not-read', `${why}, so its fields are not checked; declare \`format:\` (${formatNames().filter((f) => f !== 'opaque').join(', ')}) or \`validate with:\` a command`, config.place);
    } else if (config.validateWith === null) {
      sink.warning('config-not-validated', `${why}; declare \`validate with:\` a command (such as \`nginx -t -c {path}\`) to check it`, config.place);
    }
  }
}

interface ConfigSpecLike {
  path: string;
  format: ConfigFormat;
  formatFrom: string;
  validateWith: string | null;
  fields: unknown[];
  place: { line: number; column: number };
}

/** How `lint` says which format it picked for a config. */
export function describeConfigFormat(config: ConfigSpecLike): string {
  if (config.format === 'opaque') {
    return `\`${config.path}\`: validated only (${config.formatFrom})${config.validateWith ? ` with \`${config.validateWith}\`` : ', no `validate with` command'}; never rewritten`;
  }
  return `\`${config.path}\`: ${config.format} (${config.formatFrom})${config.validateWith ? `, also validated with \`${config.validateWith}\`` : ''}`;
}
