import { error, warning, type Issue } from './issues.ts';
import { addr, type Layout } from './layout.ts';
import { shown, type RawCell } from './raw-cell.ts';
import { normaliseText } from './parse-value.ts';
import { tr, type Lang } from './text.ts';

/** What structure checks need of a sheet. */
export interface StructureView {
  cell(address: string): RawCell;
  mergedInto(address: string): string | undefined;
  lastRow: number;
}

const textOf = (c: RawCell) =>
  c.type === 'text' ? normaliseText(c.value) : c.type === 'number' ? String(c.value) : shown(c);

/**
 * Checks that a filled score sheet still has the template's shape: every item on its row, fixed
 * cells (codes, points, titles) unchanged, score formulas not typed over, input cells not merged.
 * Row problems stop the check early: with rows shifted, every later address would be wrong.
 */
export function verifyStructure(
  layout: Layout,
  sheetView: StructureView,
  sheet: string,
  lang: Lang,
): Issue[] {
  const issues: Issue[] = [];
  const c = layout.cols;
  for (const row of layout.rows) {
    const codeCell = addr(row.row, c.code);
    const found = textOf(sheetView.cell(codeCell));
    if (found !== row.node.code) {
      return [
        error(
          'sheet.row-mismatch',
          { sheet, cell: codeCell, item: row.node.code },
          { row: row.row, expected: row.node.code, found: found || '—' },
        ),
      ];
    }
  }
  for (const fact of layout.facts) {
    const codeCell = addr(fact.row, c.code);
    const found = textOf(sheetView.cell(codeCell));
    if (found !== fact.code) {
      return [
        error(
          'sheet.row-mismatch',
          { sheet, cell: codeCell, item: fact.code },
          { row: fact.row, expected: fact.code, found: found || '—' },
        ),
      ];
    }
  }
  for (const row of layout.rows) {
    const where = (col: number) => ({ sheet, cell: addr(row.row, col), item: row.node.code });
    const points = sheetView.cell(addr(row.row, c.points));
    if (!(points.type === 'number' && Math.abs(points.value - row.node.maxPoints) < 1e-9)) {
      issues.push(
        error('sheet.cell-changed', where(c.points), { expected: row.node.maxPoints, found: shown(points) }),
      );
    }
    const title = textOf(sheetView.cell(addr(row.row, c.title))).replace(/^★/, '');
    const expectedTitle = normaliseText(tr(row.node.title, lang));
    if (title !== expectedTitle) {
      issues.push(warning('sheet.cell-changed', where(c.title), { expected: expectedTitle, found: title }));
    }
    const score = sheetView.cell(addr(row.row, c.score));
    if (!row.derived && score.type !== 'formula') {
      issues.push(
        error('sheet.formula-overwritten', where(c.score), {
          found: shown(score) || (lang === 'zh' ? '(空)' : '(blank)'),
        }),
      );
    }
    for (const input of row.inputs) {
      const master = sheetView.mergedInto(input.address);
      if (master)
        issues.push(error('sheet.merged', { sheet, cell: input.address, item: row.node.code }, { master }));
    }
  }
  // Anything below the totals is ignored; one warning names the first such cell and how many rows.
  let first: { cell: string; found: string; row: number } | undefined;
  let rows = 0;
  for (let r = layout.lastRow + 1; r <= sheetView.lastRow; r++) {
    for (let col = 1; col <= c.suggestion; col++) {
      const v = sheetView.cell(addr(r, col));
      if (v.type !== 'empty') {
        first ??= { cell: addr(r, col), found: shown(v), row: r };
        rows++;
        break;
      }
    }
  }
  if (first)
    issues.push(
      warning('sheet.extra-rows', { sheet, cell: first.cell }, { row: first.row, found: first.found, rows }),
    );
  return issues;
}
