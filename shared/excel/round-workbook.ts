import { PassThrough, type Stream } from 'node:stream';
import ExcelJS from 'exceljs';
import type { RoundReport } from '../domain/round-report.ts';
import { writePrecheckVsFormal } from './round-sheets-precheck.ts';
import {
  writeFeedback,
  writeMissing,
  writeReconciliation,
  writeSelfVsPanel,
} from './round-sheets-unit-comparisons.ts';
import {
  writeAbout,
  writeAssessors,
  writeDistribution,
} from './round-sheets-assessors-distribution-about.ts';
import { writeItemMatrix, writeSummary } from './round-sheets-summary-matrix.ts';

/**
 * Writes the consolidated workbook (汇总工作簿) of a round with exceljs's streaming writer: each
 * row is committed as it is written and each sheet before the next starts, so memory stays flat
 * for large rounds. `out` is a file path or a writable stream (e.g. into an S3 upload); the
 * promise resolves once the whole file has been written. Layout: see round-workbook-format.ts.
 */
export async function writeRoundWorkbook(
  report: RoundReport,
  out: NodeJS.WritableStream | string,
): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    ...(typeof out === 'string' ? { filename: out } : { stream: out as unknown as Stream }),
    useStyles: true,
    useSharedStrings: false,
  });
  wb.creator = 'cepin';
  wb.created = new Date(report.generatedAt);
  wb.modified = wb.created;
  await writeSummary(wb, report);
  await writeItemMatrix(wb, report);
  await writeReconciliation(wb, report);
  await writePrecheckVsFormal(wb, report);
  await writeSelfVsPanel(wb, report);
  writeAssessors(wb, report);
  writeDistribution(wb, report);
  await writeFeedback(wb, report);
  await writeMissing(wb, report);
  await writeAbout(wb, report);
  await wb.commit();
}

/** The consolidated workbook as bytes, streamed into memory (no file on disk): for an object store. */
export async function roundWorkbookBytes(report: RoundReport): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    sink.on('error', reject);
  });
  await writeRoundWorkbook(report, sink);
  sink.end();
  await ended;
  return Buffer.concat(chunks);
}
