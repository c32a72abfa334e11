import type * as NodeFs from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it, vi } from 'vitest';
import type { ApiDeps, ApiRequest } from '../../../shared/use-cases/api/deps.ts';
import { makeReport } from '../../support/round-report.ts';

/** The workbook route must stream the workbook into the object store, never through a temp folder. */
vi.mock('node:fs', async (original) => {
  const fs = await original<typeof NodeFs>();
  const refuse = () => {
    throw new Error('the workbook route touched the file system');
  };
  return { ...fs, default: { ...fs, mkdtempSync: refuse }, mkdtempSync: refuse };
});
vi.mock('../../../shared/use-cases/api/report-for.ts', () => ({
  reportFor: async () => makeReport(3, { district: 'd01' }),
}));

const { workbookLink } = await import('../../../shared/use-cases/api/results.ts');

describe('GET /rounds/{round}/workbook', () => {
  it('stores the workbook it streamed in memory, without a temp folder, and links to it', async () => {
    const stored = new Map<string, Uint8Array>();
    const deps = {
      district: 'd01',
      objects: {
        put: async (key: string, bytes: Uint8Array) => void stored.set(key, bytes),
        presignGet: async (key: string) => `https://objects.example/${key}`,
      },
    } as unknown as ApiDeps;
    const req = { caller: { role: 'admin', ref: 'admin' }, params: { round: 'r' }, query: {}, body: null };
    const answer = await workbookLink(req as unknown as ApiRequest, deps);
    const report = makeReport(3, { district: 'd01' });
    const name = `d01-${report.round}-${report.lang}.xlsx`;
    expect(answer.body.fileName).toBe(name);
    const key = `generated/reports/${report.round}/${name}`;
    expect([...stored.keys()]).toEqual([key]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(stored.get(key)!) as unknown as ArrayBuffer);
    // The ten sheets of the consolidated workbook (汇总 … 说明), in order.
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '汇总',
      '评分明细',
      '合议记录',
      '预检与正式',
      '自评与测评',
      '测评员一致性',
      '分布',
      '反馈意见',
      '缺交',
      '说明',
    ]);
  });
});
