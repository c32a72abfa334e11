import { warning, type Issue } from './issues.ts';
import type { Layout } from './layout.ts';
import type { SheetInputs } from './scoring.ts';

/**
 * A self-assessment's evidence column (见证材料, on rubrics whose items name their evidence) refers
 * to the unit's evidence files (佐证材料) by name. A reference that names none of them — by its full
 * name or its name without extension, case ignored — is a warning at its cell (the file may still be
 * uploaded); a reference like a document number that is not meant as a file name is a warning too,
 * which the unit may ignore.
 */
export function evidenceRefWarnings(
  layout: Layout,
  inputs: SheetInputs,
  sheet: string,
  fileNames: readonly string[],
): Issue[] {
  const known = new Set<string>();
  for (const f of fileNames) {
    known.add(f.toLowerCase());
    known.add(f.replace(/\.[^.]*$/, '').toLowerCase());
  }
  const out: Issue[] = [];
  for (const row of layout.rows) {
    const cell = row.inputs.find((c) => c.kind === 'evidence');
    const ref = inputs.get(row.node.code)?.evidenceRef;
    if (!cell || !ref) continue;
    for (const name of ref
      .split(/[;；,，\n]+/)
      .map((s) => s.trim())
      .filter(Boolean))
      if (!known.has(name.toLowerCase()))
        out.push(
          warning(
            'self.evidence-unknown',
            { sheet, cell: cell.address, item: row.node.code },
            { file: name },
          ),
        );
  }
  return out;
}
