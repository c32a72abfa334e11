import { addr, type Layout, type LayoutRow } from '../domain/layout.ts';
import { leavesOf } from '../domain/rule-set.ts';

/** The words formulas compare answers with (the template language's "yes"). */
export interface FormulaWords {
  yes: string;
}

/** The N/A input cells that govern a row: its own and its ancestors'. */
export function naCellsOf(layout: Layout, row: LayoutRow): string[] {
  const out: string[] = [];
  for (let code: string | undefined = row.node.code; code !== undefined;) {
    const r = layout.byCode.get(code);
    if (!r) break;
    const na = r.inputs.find((i) => i.kind === 'na');
    if (na) out.push(na.address);
    code = r.node.parent;
  }
  return out;
}

const n = (x: number) => String(Math.round(x * 1e6) / 1e6);

/**
 * The live formulas of a row: its score (null for spot-check derived leaves) and applicable points.
 * They only show people their score as they type; cepin recomputes everything from the inputs.
 */
export function formulaFor(
  layout: Layout,
  row: LayoutRow,
  words: FormulaWords,
): { score: string | null; applicable: string } {
  const c = layout.cols;
  const node = row.node;
  const r = row.row;
  if (node.children.length > 0) {
    const leafRows = leavesOf(node).map((l) => layout.byCode.get(l.code)!.row);
    return {
      score: `SUM(${leafRows.map((lr) => addr(lr, c.score)).join(',')})`,
      applicable: `SUM(${leafRows.map((lr) => addr(lr, c.applicable)).join(',')})`,
    };
  }
  const naCells = naCellsOf(layout, row);
  const na = naCells.length === 0 ? 'FALSE' : `OR(${naCells.map((a) => `${a}="${words.yes}"`).join(',')})`;
  const max = addr(r, c.points);
  const applicable = row.derived && layout.phase === 'spotcheck' ? '0' : `IF(${na},0,${max})`;
  const m = node.method;
  const cellV = addr(r, c.value);
  // VALUE() so numbers typed as text ("8.5") count live too, as cepin counts them.
  const v = `VALUE(${cellV})`;
  const slot = (i: number) => addr(r, c.slot0 + i);
  let expr: string;
  switch (m?.type) {
    case 'direct':
      expr = `IF(${cellV}="","",IFERROR(MIN(${max},MAX(0,${v})),""))`;
      break;
    case 'checklist':
      expr = `IF(COUNTA(${slot(0)}:${slot(m.clauses.length - 1)})=0,"",MIN(${max},${m.clauses.map((cl, i) => `IF(${slot(i)}="${words.yes}",${n(cl.points)},0)`).join('+')}))`;
      break;
    case 'deduction':
      expr = `MAX(0,${max}-${m.deductions.map((d, i) => `IFERROR(VALUE(${slot(i)}),0)*${n(d.points)}`).join('-')})`;
      break;
    case 'scale': {
      const bands = m.bands;
      let inner = '0';
      for (let i = bands.length - 1; i >= 0; i--) {
        const b = bands[i]!;
        const pts = Array.isArray(b.points)
          ? `${n(b.points[0])}+(${v}-${n(b.min)})*${n((b.points[1] - b.points[0]) / ((b.max ?? b.min + 1) - b.min))}`
          : n(b.points);
        inner = i === bands.length - 1 || b.max === undefined ? pts : `IF(${v}<${n(b.max)},${pts},${inner})`;
      }
      expr = `IF(${cellV}="","",IFERROR(MIN(${max},${inner}),""))`;
      break;
    }
    default:
      return { score: null, applicable };
  }
  return { score: `IF(${na},0,${expr})`, applicable };
}
