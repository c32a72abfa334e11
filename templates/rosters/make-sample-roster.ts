/** Writes roster-sample.xlsx (the sample roster, zh) and roster-template.xlsx (empty, zh) next to this script. */
import { writeFileSync } from 'node:fs';
import { sampleRoster } from '../../shared/domain/sample-roster.ts';
import { toBytes } from '../../shared/excel/fill-workbook.ts';
import { buildRosterTemplate } from '../../shared/excel/roster-workbook.ts';

// A fixed date keeps the workbook properties the same from run to run.
const created = new Date('2026-01-01T00:00:00Z');
const files = {
  'roster-sample.xlsx': buildRosterTemplate('zh', sampleRoster(), created),
  'roster-template.xlsx': buildRosterTemplate('zh', undefined, created),
};
for (const [name, wb] of Object.entries(files)) {
  const url = new URL(`./${name}`, import.meta.url);
  writeFileSync(url, await toBytes(wb));
  console.log(`wrote ${url.pathname}`);
}
