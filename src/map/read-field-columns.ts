/**
 * Reads the columns of a config field table that its header does not name, by what their cells
 * look like: a column of ranges (`1 to 16`, `-30 – 0 (LUFS)`, `min 5`) is the range, a column of
 * type words the type, a column of yes/no under a header that asks (`Must set?`, `req`) the
 * required flag, and a column of INI sections (`climate`, `[safety]`) beside the keys the section.
 */
import type { PlacedText } from './blocks.js';
import { isEmptyValue, matchesType, parseBoolean, parseDefault, parseFieldType } from './parse-values.js';
import { findRange } from './read-field-text.js';

// A cell that says "nothing here": empty, a dash, n/a.
const NOTHING = /^[\s—–-]*$/;

/** The keys of a field table's columns, with unnamed columns read by the shape of their cells. */
export function readFieldColumns(header: PlacedText[], body: PlacedText[][], keys: (string | null)[]): (string | null)[] {
  const shaped = keys.map((key, i) => {
    if (key !== null) return key;
    const title = header[i]?.text.trim() ?? '';
    const cells = body.map((row) => (row[i]?.text ?? '').replace(/`/g, '').trim()).filter((cell) => !NOTHING.test(cell) && !isEmptyValue(cell));
    if (cells.length === 0) return /^\[?section\]?$/i.test(title) ? 'section' : null;
    if (!keys.includes('section') && keys.indexOf('field') > i && cells.every((cell) => /^\[?[\p{L}][\w.-]{0,40}\]?$/u.test(cell)) && (/^\[?section\]?$/i.test(title) || cells.every((cell) => cell.startsWith('[')))) return 'section';
    if (!keys.includes('type') && cells.every((cell) => parseFieldType(cell).ok)) return 'type';
    if (!keys.includes('range') && cells.every((cell) => findRange(cell) !== null)) return 'range';
    // Yes/no alone could be any flag (`Reloadable`); the header must ask whether it has to be set.
    if (!keys.includes('required') && /\b(must|req\w*|need\w*|compulsory|obligatory)\b/i.test(title) && cells.every((cell) => parseBoolean(cell).ok)) return 'required';
    return null;
  });
  // A column whose every cell is a value of its row's type (`1200` on an integer row) is the default.
  const type = shaped.indexOf('type');
  const unnamed = shaped.findIndex((key, i) => key === null && type >= 0 && !shaped.includes('default') && body.every((row) => isDefaultOf(row[i]?.text ?? '', row[type]?.text ?? '')));
  if (unnamed >= 0) shaped[unnamed] = 'default';
  return shaped;
}

function isDefaultOf(cell: string, typeCell: string): boolean {
  const type = parseFieldType(typeCell.replace(/`/g, ''));
  const text = cell.replace(/`/g, '').trim();
  if (!type.ok || text === '' || NOTHING.test(text)) return false;
  const value = parseDefault(text, type.value);
  return value.ok && matchesType(value.value, type.value);
}

/** A field's name as the config readers address it: `[climate] target_temp` is `climate.target_temp`. */
export function readFieldName(text: string, section: string | null = null): string {
  const name = text.replace(/`/g, '').trim();
  const bracketed = /^\[([^\]\s]+)\]\s*(\S.*)$/.exec(name);
  if (bracketed?.[1] && bracketed[2]) return `${bracketed[1]}.${bracketed[2].trim()}`;
  const group = section?.replace(/[`[\]]/g, '').trim();
  return group && !NOTHING.test(group) ? `${group}.${name}` : name;
}
