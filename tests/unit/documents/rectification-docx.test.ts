import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import type { RectificationNotice } from '../../../shared/domain/rectification.ts';
import { rectificationDocx } from '../../../shared/documents/rectification-docx.ts';

const notice: RectificationNotice = {
  round: '2026',
  unit: 'DC03',
  unitName: '东城区财政局',
  ruleSet: 'municipal-sample',
  ruleVersion: 2,
  fingerprint: 'a'.repeat(64),
  deadline: '2026-05-10',
  issuedAt: '2026-04-20T08:00:00.000Z',
  lang: 'zh',
  items: [
    {
      code: '1.3.2',
      title: '档案人员参加业务培训',
      max: 2,
      score: 1,
      compliance: false,
      problem: '档案人员近两年未参加区级以上业务培训。',
      suggestion: '每年安排档案人员参加业务培训并留存证明。',
    },
    {
      code: '2.5.1',
      title: '建立档案工作责任制',
      max: 1,
      score: 0,
      compliance: true,
      met: false,
      problem: '未建立档案工作责任制。',
      suggestion: '',
    },
  ],
};

/** The document's text with the XML tags dropped. */
async function documentText(bytes: Uint8Array): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  return (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
}

describe('rectificationDocx', () => {
  it('names the unit, the deadline, each item’s code and problem, and how to answer (zh)', async () => {
    const text = await documentText(await rectificationDocx(notice));
    expect(text).toContain('整改通知书');
    expect(text).toContain('东城区财政局：');
    expect(text).toContain('DC03');
    expect(text).toContain('2026年5月10日');
    for (const i of notice.items) {
      expect(text).toContain(i.code);
      expect(text).toContain(i.problem);
    }
    expect(text).toContain('1/2分'); // 1.3.2: score 1 of 2
    expect(text).toContain('不符合'); // 2.5.1, a compliance item not met
    expect(text).toContain('cepin upload');
    expect(text).toContain('“整改情况”');
    expect(text).toContain('共有2个项目存在问题（其中1个不符合要求）');
  });

  it('writes English when the notice is in English', async () => {
    const text = await documentText(await rectificationDocx({ ...notice, lang: 'en' }));
    expect(text).toContain('Rectification Notice');
    expect(text).toContain('To 东城区财政局:');
    expect(text).toContain('10 May 2026');
    expect(text).toContain('1 of 2');
    expect(text).toContain('Not met');
    expect(text).toContain('problems in 2 items (1 not met)');
  });

  it('puts the page numbers in the footer and sizes the page A4', async () => {
    const zip = await JSZip.loadAsync(await rectificationDocx(notice));
    const footers = Object.keys(zip.files).filter((f) => /^word\/footer\d*\.xml$/.test(f));
    const footer = (await Promise.all(footers.map((f) => zip.file(f)!.async('string')))).join('');
    expect(footer).toContain('PAGE');
    expect(footer).toContain('NUMPAGES');
    expect(footer).toContain('东城区财政局 · 整改通知书');
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
  });

  it('says there is nothing to rectify and leaves out the table for a notice without items', async () => {
    const bytes = await rectificationDocx({ ...notice, items: [] });
    const text = await documentText(bytes);
    expect(text).toContain('未发现需要整改的问题');
    expect(text).not.toContain('存在问题及整改建议');
    const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
    expect(xml).not.toContain('<w:tbl>');
  });
});
