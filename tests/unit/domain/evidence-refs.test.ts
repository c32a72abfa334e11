import { describe, expect, it } from 'vitest';
import { evidenceRefWarnings } from '../../../shared/domain/evidence-refs.ts';
import { layoutFor } from '../../../shared/domain/layout.ts';
import type { ItemInputs } from '../../../shared/domain/scoring.ts';
import { shippedRules } from '../../support/rules.ts';

/**
 * The self-assessment's evidence column names the unit's evidence files: a name (or the name
 * without its extension, case ignored) among them is fine; anything else is a warning at its cell.
 * The national checklist names evidence for its items, so its sheets have the column.
 */
describe('evidence references on a self-assessment', () => {
  const rs = shippedRules.require('national-checklist-sample');
  const layout = layoutFor(rs, 'self');
  const rows = layout.rows.filter((r) => r.inputs.some((c) => c.kind === 'evidence'));
  const [first, second] = rows;
  const cellOf = (r: typeof first) => r!.inputs.find((c) => c.kind === 'evidence')!.address;

  it('accepts names of uploaded files, with or without extension and in any case, and warns of the rest at their cells', () => {
    const inputs = new Map<string, ItemInputs>([
      [first!.node.code, { evidenceRef: '制度汇编.PDF；库房照片' }],
      [second!.node.code, { evidenceRef: '会议纪要.docx, 2-1-3' }],
    ]);
    const warnings = evidenceRefWarnings(layout, inputs, '评分表', [
      '制度汇编.pdf',
      '库房照片.jpg',
      '其他.pdf',
    ]);
    expect(warnings.map((w) => [w.code, w.severity, w.sheet, w.cell, w.item, w.params.file])).toEqual([
      ['self.evidence-unknown', 'warning', '评分表', cellOf(second), second!.node.code, '会议纪要.docx'],
      ['self.evidence-unknown', 'warning', '评分表', cellOf(second), second!.node.code, '2-1-3'],
    ]);
  });

  it('says nothing when no item names evidence', () => {
    expect(evidenceRefWarnings(layout, new Map(), '评分表', [])).toEqual([]);
  });
});
