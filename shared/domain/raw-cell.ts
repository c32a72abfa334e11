/**
 * A spreadsheet cell as the domain sees it: what kind of thing a person left there, with no
 * spreadsheet library types. The workbook reader maps cells into this shape.
 */
export type RawCell =
  | { type: 'empty' }
  | { type: 'number'; value: number; percentFormat?: boolean }
  | { type: 'text'; value: string }
  | { type: 'boolean'; value: boolean }
  | { type: 'date'; value: string }
  | { type: 'formula'; formula: string }
  | { type: 'error'; value: string };

export const EMPTY: RawCell = { type: 'empty' };

/** The value a person would see, for messages. */
export function shown(c: RawCell): string {
  switch (c.type) {
    case 'empty':
      return '';
    case 'number':
      return String(c.value);
    case 'text':
      return c.value.length > 40 ? `${c.value.slice(0, 40)}…` : c.value;
    case 'boolean':
      return c.value ? 'TRUE' : 'FALSE';
    case 'date':
      return c.value;
    case 'formula':
      return `=${c.formula}`.slice(0, 40);
    case 'error':
      return c.value;
  }
}

/** True for a cell with nothing a person typed (whitespace counts as nothing). */
export function isBlank(c: RawCell): boolean {
  return c.type === 'empty' || (c.type === 'text' && c.value.trim() === '');
}
