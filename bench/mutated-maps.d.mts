import type { Arbitrary } from 'fast-check';

/** The valid maps mutations start from: the demo map and every ok fixture. */
export function readBaseMaps(): string[];
/** An arbitrary map: one of `bases` with one to four mutations applied. */
export function mutatedMaps(bases?: string[]): Arbitrary<string>;
