import { addr, type Layout, type LayoutRow } from '../domain/layout.ts';
import { leavesOf } from '../domain/rule-set.ts';

/** The words formulas compare answers with (the template language's "yes"). */
export interface FormulaWords {
  yes: string;
  /** A compliance item's answers: 符合 and 不适用 (不符合 is anything else). */
  met: string;
  notApplicable: string;
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
 * They only show people their score as they type; cepin recomputes everything from the inputs. They
 * follow cepin's rules so the sheet shows what cepin will compute: a leaf's score is ROUNDed to the
 * hundredth (Excel's and WPS's ROUND round the decimal value half away from zero, cepin's one rule,
 * shared/domain/stats.ts), a scale item interpolates within its band exactly as `scalePoints` does,
 * and the total is ROUND(raw / applicable × scale, 2) over those rounded scores (template-writer.ts).
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
  const m = node.method;
  const cellV = addr(r, c.value);
  const naCells = naCellsOf(layout, row).map((a) => `${a}="${words.yes}"`);
  // A compliance item is not applicable when its answer is 不适用.
  if (m?.type === 'compliance') naCells.push(`${cellV}="${words.notApplicable}"`);
  const na = naCells.length === 0 ? 'FALSE' : `OR(${naCells.join(',')})`;
  const max = addr(r, c.points);
  const applicable = row.derived && layout.phase === 'spotcheck' ? '0' : `IF(${na},0,${max})`;
  // VALUE() so numbers typed as text ("8.5") count live too, as cepin counts them.
  const v = `VALUE(${cellV})`;
  const slot = (i: number) => addr(r, c.slot0 + i);
  let expr: string;
  switch (m?.type) {
    case 'direct':
      expr = `IF(${cellV}="","",IFERROR(ROUND(MIN(${max},MAX(0,${v})),2),""))`;
      break;
    case 'checklist':
      expr = `IF(COUNTA(${slot(0)}:${slot(m.clauses.length - 1)})=0,"",ROUND(MIN(${max},${m.clauses.map((cl, i) => `IF(${slot(i)}="${words.yes}",${n(cl.points)},0)`).join('+')}),2))`;
      break;
    case 'deduction':
      expr = `ROUND(MAX(0,${max}-${m.deductions.map((d, i) => `IFERROR(VALUE(${slot(i)}),0)*${n(d.points)}`).join('-')}),2)`;
      break;
    case 'scale': {
      const bands = m.bands;
      let inner = '0';
      for (let i = bands.length - 1; i >= 0; i--) {
        const b = bands[i]!;
        // from + (to − from) × t, t = (value − min) / span held to 0–1 (span 0: t = 1), as scalePoints.
        const span = (b.max ?? b.min) - b.min;
        const p = b.points;
        const pts =
          typeof p === 'number'
            ? n(p)
            : p === 'proportional'
              ? '0'
              : !Array.isArray(p)
                ? `(${v}*${n(p.of ?? node.maxPoints)}/100)`
                : span === 0
                  ? n(p[1])
                  : `(${n(p[0])}+(${n(p[1])}-${n(p[0])})*MIN(1,MAX(0,(${v}-${n(b.min)})/${n(span)})))`;
        // The edge side is explicit (includeMax); bands are contiguous, so the upper edges decide.
        const lt = b.includeMax === true ? '<=' : '<';
        inner =
          i === bands.length - 1 || b.max === undefined ? pts : `IF(${v}${lt}${n(b.max)},${pts},${inner})`;
      }
      expr = `IF(${cellV}="","",IFERROR(ROUND(MIN(${max},${inner}),2),""))`;
      break;
    }
    case 'compliance':
      expr = `IF(${cellV}="","",IF(${cellV}="${words.met}",${max},0))`;
      break;
    case 'count':
      expr = m.things
        ? `IF(COUNTA(${slot(0)}:${slot(m.things.length - 1)})=0,"",ROUND(MIN(${max},COUNTIF(${slot(0)}:${slot(m.things.length - 1)},"${words.yes}")*${n(m.each)}),2))`
        : `IF(${cellV}="","",IFERROR(ROUND(MIN(${max},MAX(0,${v})*${n(m.each)}),2),""))`;
      break;
    case 'sampling': {
      // checked: the entries filled in; passed: those answered yes. A short sample is rescaled unless as-is.
      const range = `${slot(0)}:${slot(m.size - 1)}`;
      const checked = `COUNTA(${range})`;
      const passed = `COUNTIF(${range},"${words.yes}")`;
      const full = `MIN(${max},${passed}*${n(m.each)})`;
      const short =
        m.whenShort === 'rescale' ? `IF(${checked}<${m.size},${max}*${passed}/${checked},${full})` : full;
      expr = `IF(${checked}=0,"",ROUND(${short},2))`;
      break;
    }
    case 'defects':
      expr = `ROUND(${m.parts.map((p, i) => `MAX(${n(p.floor)},${n(p.points)}-IFERROR(VALUE(${slot(i)}),0)*${n(m.per)})`).join('+')},2)`;
      break;
    default:
      return { score: null, applicable };
  }
  return { score: `IF(${na},0,${expr})`, applicable };
}
