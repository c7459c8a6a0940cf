/**
 * A file's readers, as a Files table names them (`Read by`, `Consumers`, `Who reads it`): each
 * reader depends on the file. Names only: an aside or a sentence in the cell ("downloaded by
 * analysts") names no component, and a name nothing declares is read as an outside reader.
 */
import type { RawMap } from './collect-entries.js';
import { cleanName } from './collect-free.js';
import { splitList } from './parse-values.js';
import { dropAsides, isNameLike } from './read-text.js';

/** Adds a dependency on each file from every reader its entry names. */
export function readFileReaders(raw: RawMap): void {
  for (const file of raw.files) {
    const readers = file.values.get('readers');
    const path = file.values.get('path');
    if (!readers || !path) continue;
    const names = splitList(dropAsides(readers.text).replace(/[`*]/g, '')).filter(isNameLike);
    const to = { text: cleanName(path.text), place: path.place };
    for (const name of names) raw.dependencies.push({ from: { text: name, place: readers.place }, to: [to], soft: true });
  }
}
