/**
 * Checks a config against the JSON Schema its map gives (pure): what the field contract does not
 * already say — extra keys under `additionalProperties: false`, enums, patterns, nested objects.
 * Type, range and required of top-level fields are the field checks' job and are not repeated.
 */
import { createRequire } from 'node:module';
import type { ConfigSpec } from '../map/types.js';
import type { Problem } from './types.js';

// ajv is loaded only for a config whose map gives a JSON Schema.
const load = createRequire(import.meta.url);

/** Schema errors of a parsed config, as `config-schema-violation` problems; none without a schema. */
export function schemaProblems(config: ConfigSpec, value: unknown, toProblem: (message: string) => Problem): Problem[] {
  if (!config.schema || typeof config.schema !== 'object') return [];
  const schema = config.schema as Record<string, unknown>;
  const draft2020 = typeof schema.$schema === 'string' && schema.$schema.includes('2020-12');
  const { Ajv2020 } = load('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const { Ajv } = load('ajv') as typeof import('ajv');
  const ajv = draft2020 ? new Ajv2020({ allErrors: true, strict: false }) : new Ajv({ allErrors: true, strict: false });
  let validate;
  try {
    validate = ajv.compile(draft2020 ? schema : { ...schema, $schema: undefined });
  } catch (error) {
    return [toProblem(`its JSON Schema does not compile: ${(error as Error).message}`)];
  }
  if (validate(value)) return [];
  const covered = (e: { instancePath: string; keyword: string }): boolean =>
    (e.instancePath.split('/').length === 2 && ['type', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'].includes(e.keyword)) ||
    (e.instancePath === '' && e.keyword === 'required');
  return (validate.errors ?? []).filter((e) => !covered(e)).map((e) => {
    const where = e.instancePath === '' ? 'the document' : `\`${e.instancePath.slice(1).replaceAll('/', '.')}\``;
    const extra = e.keyword === 'additionalProperties' ? ` (\`${String((e.params as { additionalProperty?: string }).additionalProperty)}\`)` : '';
    return toProblem(`${where} ${e.message ?? 'violates the schema'}${extra}, per the map's JSON Schema`);
  });
}
