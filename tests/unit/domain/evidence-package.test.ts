import { describe, expect, it } from 'vitest';
import {
  chinaTime,
  humanSize,
  planEvidencePackage,
  safeName,
  uniqueName,
} from '../../../shared/domain/evidence-package.ts';

/** The names of a unit's evidence package: every expected value below is written out by hand. */

describe('safeName makes one path segment any unzip program takes as it is', () => {
  it.each([
    ['../x', '_x'],
    ['a/b', 'a_b'],
    ['a\\b.pdf', 'a_b.pdf'],
    ['../../etc/passwd.txt', '_._etc_passwd.txt'],
    ['..', '_'],
    ['.', '_'],
    ['', '_'],
    ['   ', '_'],
    ['.hidden.pdf', 'hidden.pdf'],
    ['报告 . ', '报告'],
    ['报告..pdf', '报告.pdf'],
    ['名称:*?.pdf', '名称___.pdf'],
    ['<a>|"b".pdf', '_a___b_.pdf'],
    ['a\u0000b\u001f.pdf', 'a_b_.pdf'],
    ['\u202efdp.exe', '_fdp.exe'],
    ['e\u0301.pdf', '\u00e9.pdf'],
  ])('%j → %j', (input, expected) => {
    expect(safeName(input)).toBe(expected);
  });

  it.each([
    ['CON', '_CON'],
    ['con.txt', '_con.txt'],
    ['Com1.pdf', '_Com1.pdf'],
    ['LPT9', '_LPT9'],
    ['nul.tar.pdf', '_nul.tar.pdf'],
    ['CONSOLE.pdf', 'CONSOLE.pdf'],
    ['icon.png', 'icon.png'],
  ])('a Windows device name gets a leading _: %j → %j', (input, expected) => {
    expect(safeName(input)).toBe(expected);
  });

  it('cuts a 300-character name to 80 characters, keeping the extension', () => {
    expect(safeName(`${'a'.repeat(300)}.pdf`)).toBe(`${'a'.repeat(76)}.pdf`);
    expect(safeName(`${'档'.repeat(300)}.pdf`)).toBe(`${'档'.repeat(76)}.pdf`);
    expect(safeName('a'.repeat(300), 60)).toBe('a'.repeat(60));
  });

  it('cuts 4-byte characters whole to stay within 240 UTF-8 bytes', () => {
    // U+20000 is 4 bytes in UTF-8 and 2 UTF-16 units: 59 × 4 + 4 = 240.
    expect(safeName(`${'𠀀'.repeat(300)}.pdf`)).toBe(`${'𠀀'.repeat(59)}.pdf`);
  });

  it('drops the spaces a cut leaves before the extension', () => {
    expect(safeName(`${'a'.repeat(75)} b.pdf`)).toBe(`${'a'.repeat(75)}.pdf`);
  });
});

describe('uniqueName numbers a name that clashes, case apart', () => {
  it('numbers duplicates from 2, and skips a number already taken', () => {
    const taken = new Set<string>();
    expect(
      ['a.pdf', 'a.pdf', 'A.PDF', 'b (2).pdf', 'b.pdf', 'b.pdf', 'README', 'readme'].map((n) =>
        uniqueName(n, taken),
      ),
    ).toEqual(['a.pdf', 'a (2).pdf', 'A (3).PDF', 'b (2).pdf', 'b.pdf', 'b (3).pdf', 'README', 'readme (2)']);
  });

  it('keeps a numbered long name within the cap', () => {
    const taken = new Set<string>();
    const long = `${'a'.repeat(76)}.pdf`;
    expect(uniqueName(long, taken)).toBe(long);
    expect(uniqueName(long, taken)).toBe(`${'a'.repeat(72)} (2).pdf`);
  });
});

describe('planEvidencePackage', () => {
  const items = [
    { code: '0', title: '单位材料' },
    { code: '1.1.1', title: '归档率' },
    { code: '1.2.1', title: '制度/规范' },
  ];
  const file = (id: string, item: string | null, fileName: string, type: 'pdf' | 'jpeg' | 'text') => ({
    id,
    item,
    fileName,
    type,
  });
  const files = [
    file('f1', null, 'photo.jpg', 'jpeg'),
    file('f2', '1.2.1', '制度.pdf', 'pdf'),
    file('f3', '1.1.1', '../../etc/passwd', 'text'),
    file('f4', '1.2.1', '制度.PDF', 'pdf'),
    file('f5', '9.9', 'x.pdf', 'pdf'),
    file('f6', null, 'run.bat', 'text'),
    file('f7', '0', 'a.pdf', 'pdf'),
  ];

  it('puts each file in its item folder, the unit files in 0 单位材料, with safe, unique names', () => {
    const plan = planEvidencePackage(items, files, 'zh');
    expect(plan.index).toBe('索引.xlsx');
    expect(plan.unitFolder).toBe('0 单位材料');
    expect(Object.fromEntries(plan.paths)).toEqual({
      f1: '0 单位材料/photo.jpg',
      f2: '1.2.1 制度_规范/制度.pdf',
      f3: '1.1.1 归档率/_._etc_passwd.txt',
      f4: '1.2.1 制度_规范/制度 (2).PDF',
      f5: '9.9/x.pdf',
      f6: '0 单位材料/run.bat.txt',
      // An item whose folder would be the unit folder's name gets a number.
      f7: '0 单位材料 (2)/a.pdf',
    });
  });

  it('names the index and the unit folder in English with --lang en', () => {
    const plan = planEvidencePackage(items.slice(1), files.slice(0, 2), 'en');
    expect(plan.index).toBe('index.xlsx');
    expect(Object.fromEntries(plan.paths)).toEqual({
      f1: '0 Unit files/photo.jpg',
      f2: '1.2.1 制度_规范/制度.pdf',
    });
  });
});

describe('sizes and times for the index', () => {
  it('shows sizes in B, KB and MB', () => {
    expect([0, 1023, 1024, 1536, 1048576, 1572864].map(humanSize)).toEqual([
      '0 B',
      '1023 B',
      '1.0 KB',
      '1.5 KB',
      '1.0 MB',
      '1.5 MB',
    ]);
  });

  it('shows an instant in China time, across midnight', () => {
    expect(chinaTime('2026-03-01T16:30:00.000Z')).toBe('2026-03-02 00:30');
    expect(chinaTime('not a time')).toBe('not a time');
  });
});
