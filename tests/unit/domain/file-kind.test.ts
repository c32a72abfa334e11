import { Document, Packer, Paragraph } from 'docx';
import { describe, expect, it } from 'vitest';
import { assessorsOf, mayAttachEvidence, mayReadEvidence } from '../../../shared/domain/evidence-rules.ts';
import { evidenceDownloadName } from '../../../shared/domain/file-kind.ts';
import { MESSAGES, message } from '../../../shared/domain/messages.ts';
import type { Roster } from '../../../shared/domain/roster.ts';
import { sampleRoster } from '../../../shared/domain/sample-roster.ts';
import { sniffEvidence } from '../../../shared/excel/evidence-sniff.ts';
import { makeSample } from '../../../shared/use-cases/make-template.ts';
import * as f from '../../support/evidence-files.ts';
import { handZip } from '../../support/hand-zip.ts';
import { dongcheng, fixedNow } from '../../support/rules.ts';

/**
 * docs/security.md, "Evidence files": what an evidence file is, judged from its bytes and never
 * from its name. Every file is built in the test (tests/support/evidence-files.ts) from its
 * format's magic numbers; the expected kinds and reasons are the rule's.
 */

const kindOf = (bytes: Uint8Array, file = 'x') => {
  const r = sniffEvidence(bytes, { file });
  return r.ok ? r.kind : r.issue.code;
};
const refusal = (bytes: Uint8Array, file = 'x') => {
  const r = sniffEvidence(bytes, { file });
  if (r.ok) throw new Error(`accepted as ${r.kind}`);
  return r.issue;
};

describe('evidence kinds: accepted from their bytes', () => {
  it.each([
    ['a PDF', f.pdf(), 'pdf'],
    ['a JPEG photo', f.jpeg(), 'jpeg'],
    ['a PNG picture', f.png(), 'png'],
    ['a GIF', f.gif(), 'gif'],
    ['a WebP picture', f.webp(), 'webp'],
    ['UTF-8 text in Chinese', new TextEncoder().encode('档案工作佐证材料说明\r\n第一条\t已整改\n'), 'text'],
    [
      'UTF-8 text with a byte order mark',
      new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('说明')]),
      'text',
    ],
    ['a .docx', f.office('docx'), 'docx'],
    ['an .xlsx', f.office('xlsx'), 'xlsx'],
    ['a .pptx', f.office('pptx'), 'pptx'],
  ])('%s', (_name, bytes, kind) => {
    expect(kindOf(bytes)).toBe(kind);
  });

  it('takes a .docx made by a real writer (the docx library) and an .xlsx made by exceljs', async () => {
    const doc = new Document({ sections: [{ children: [new Paragraph('整改情况说明')] }] });
    expect(kindOf(new Uint8Array(await Packer.toBuffer(doc)))).toBe('docx');
    const sheet = await makeSample(dongcheng(), {
      phase: 'self',
      unit: 'DC01',
      lang: 'zh',
      now: fixedNow,
      seed: 1,
    });
    expect(kindOf(sheet.bytes)).toBe('xlsx');
  });

  it('ignores the name: a PDF named .exe is a PDF, an .exe named .pdf is refused', () => {
    expect(kindOf(f.pdf(), 'report.exe')).toBe('pdf');
    expect(refusal(f.exe(), 'report.pdf')).toMatchObject({
      code: 'evidence.executable',
      params: { file: 'report.pdf', what: 'MZ/PE (Windows)' },
    });
  });
});

describe('evidence kinds: refused, each with its reason', () => {
  it.each([
    ['a Windows executable (MZ)', f.exe(), 'evidence.executable'],
    ['a Linux executable (ELF)', f.elf(), 'evidence.executable'],
    ['a macOS executable (Mach-O)', f.machO(), 'evidence.executable'],
    ['a shell script (#!)', f.script(), 'evidence.executable'],
    ['a .docm (macro-enabled, with its VBA project)', f.docm(), 'evidence.macro'],
    ['a .doc/.xls of Office 97–2003 (OLE2)', f.ole2(), 'evidence.legacy-office'],
    ['a zip of evidence files', f.zipOf(), 'evidence.archive'],
    ['a tar', f.tar(), 'evidence.archive'],
    ['a gzip', f.gzip(), 'evidence.archive'],
    ['a 7z', f.sevenZip(), 'evidence.archive'],
    ['a RAR', f.rar(), 'evidence.archive'],
    ['an empty file', new Uint8Array(), 'evidence.empty'],
    ['bytes of no kind', new Uint8Array([0x00, 0x01, 0x02, 0x03, 0xfe, 0x10]), 'evidence.unknown-type'],
  ])('%s', (_name, bytes, code) => {
    expect(kindOf(bytes)).toBe(code);
  });

  it('names the archive kind', () => {
    expect(refusal(f.zipOf()).params.what).toBe('zip');
    expect(refusal(f.tar()).params.what).toBe('tar');
    expect(refusal(f.gzip()).params.what).toBe('gzip');
    expect(refusal(f.sevenZip()).params.what).toBe('7z');
    expect(refusal(f.rar()).params.what).toBe('RAR');
  });

  it('finds a VBA project whatever the package calls itself, and programs or OLE objects inside a .docx', () => {
    // A .docx whose content types say docx but which carries a VBA project: still a macro document.
    expect(kindOf(f.office('docx', [{ name: 'word/vbaProject.bin', data: f.ole2() }]))).toBe(
      'evidence.macro',
    );
    expect(kindOf(f.office('xlsx', [{ name: 'xl/media/setup.exe', data: f.exe() }]))).toBe(
      'evidence.executable',
    );
    expect(kindOf(f.office('docx', [{ name: 'word/embeddings/oleObject1.bin', data: f.ole2() }]))).toBe(
      'evidence.embedded-object',
    );
    // Office structure declared but its main part missing: not a document cepin keeps.
    const hollow = handZip([
      {
        name: '[Content_Types].xml',
        data: new TextEncoder().encode(
          '<Types><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        ),
      },
    ]);
    expect(kindOf(hollow)).toBe('evidence.unknown-type');
  });

  it('refuses a zip whose parts claim to unpack out of proportion (a zip bomb), unpacking nothing but the content types', () => {
    const bomb = f.office('docx', [
      { name: 'word/media/big.bin', data: new Uint8Array(1000), declaredSize: 400 * 1024 * 1024 },
    ]);
    expect(kindOf(bomb)).toBe('evidence.zip-bomb');
  });

  it('refuses text that is not UTF-8 — GBK from Chinese Windows, UTF-16 — asking for UTF-8 or PDF', () => {
    // “档案工作” in GBK (GB 18030's two-byte codes): 档 B5B5, 案 B0B8, 工 B9A4, 作 D7F7.
    const gbk = new Uint8Array([0xb5, 0xb5, 0xb0, 0xb8, 0xb9, 0xa4, 0xd7, 0xf7, 0x0d, 0x0a]);
    expect(new TextDecoder('gbk').decode(gbk)).toBe('档案工作\r\n');
    expect(kindOf(gbk)).toBe('evidence.text-encoding');
    const utf16 = new Uint8Array([0xff, 0xfe, 0x63, 0x68, 0x48, 0x68]);
    expect(kindOf(utf16)).toBe('evidence.text-encoding');
    expect(message('evidence.text-encoding', { file: 'a.txt' }, 'zh')).toContain('UTF-8');
  });

  it('refuses text holding control characters other than tab, line and page breaks, and text starting MZ', () => {
    expect(kindOf(new TextEncoder().encode('abc\u0000def'))).toBe('evidence.unknown-type');
    expect(kindOf(new TextEncoder().encode('abc\u001bdef'))).toBe('evidence.unknown-type');
    // The first bytes decide, as Windows does: "MZ..." is run as a program when named .exe.
    expect(kindOf(new TextEncoder().encode('MZ 档案室说明'))).toBe('evidence.executable');
  });

  it('says every refusal in Chinese and English, naming the file', () => {
    const cases = [f.exe(), f.docm(), f.ole2(), f.zipOf(), f.tar(), new Uint8Array(), new Uint8Array([0, 1])];
    for (const bytes of cases) {
      const issue = refusal(bytes, '证明.pdf');
      const entry = (MESSAGES as Record<string, { zh: string; en: string }>)[issue.code];
      expect(entry, issue.code).toBeDefined();
      for (const lang of ['zh', 'en'] as const)
        expect(message(issue.code, issue.params, lang)).toContain('“证明.pdf”');
    }
    expect(message('evidence.macro', { file: 'a.docm', what: 'x' }, 'en')).toMatch(/\.docx.*PDF/);
    expect(message('evidence.legacy-office', { file: 'a.doc' }, 'zh')).toMatch(/\.docx.*PDF/);
  });
});

describe('evidence downloads are named for what their bytes are', () => {
  it('keeps a name whose extension fits its kind, and adds the kind’s extension to any other', () => {
    expect(evidenceDownloadName('整改报告.PDF', 'pdf')).toBe('整改报告.PDF');
    expect(evidenceDownloadName('photo.jpeg', 'jpeg')).toBe('photo.jpeg');
    expect(evidenceDownloadName('run.bat', 'text')).toBe('run.bat.txt');
    expect(evidenceDownloadName('photo.png', 'jpeg')).toBe('photo.png.jpg');
    expect(evidenceDownloadName('.pdf', 'pdf')).toBe('.pdf.pdf');
  });
});

describe('who may attach and read evidence (docs/security.md, "Evidence files")', () => {
  const roster = sampleRoster();
  it('lets an admin attach to any unit and a unit to itself; never an assessor', () => {
    expect(mayAttachEvidence({ role: 'admin', ref: '' }, 'DC01')).toBe(true);
    expect(mayAttachEvidence({ role: 'unit', ref: 'DC01' }, 'DC01')).toBe(true);
    expect(mayAttachEvidence({ role: 'unit', ref: 'DC02' }, 'DC01')).toBe(false);
    expect(mayAttachEvidence({ role: 'assessor', ref: 'A01' }, 'DC01')).toBe(false);
  });

  it('lets DC01’s pre-check pair (A01, A02) and formal panel (A01, A03–A06) read it, not A07 or A08', () => {
    expect([...assessorsOf(roster, 'DC01')].sort()).toEqual(['A01', 'A02', 'A03', 'A04', 'A05', 'A06']);
    for (const a of ['A01', 'A02', 'A06'])
      expect(mayReadEvidence({ role: 'assessor', ref: a }, roster, 'DC01')).toBe(true);
    for (const a of ['A07', 'A08'])
      expect(mayReadEvidence({ role: 'assessor', ref: a }, roster, 'DC01')).toBe(false);
    expect(mayReadEvidence({ role: 'unit', ref: 'DC01' }, roster, 'DC01')).toBe(true);
    expect(mayReadEvidence({ role: 'unit', ref: 'DC02' }, roster, 'DC01')).toBe(false);
    expect(mayReadEvidence({ role: 'admin', ref: '' }, roster, 'DC01')).toBe(true);
  });

  it('counts the spot-checker of a subordinate as assigned to it', () => {
    const small: Roster = {
      units: [
        { code: 'U1', name: 'u1' },
        { code: 'U1-01', name: 's1', parent: 'U1' },
      ],
      assessors: ['X', 'Y', 'Z', 'S'].map((id) => ({ id, name: id, lead: false })),
      assignments: [
        { unit: 'U1', precheck: [], formal: ['X', 'Y'], spotchecked: ['U1-01'], spotcheckers: ['S'] },
      ],
    };
    expect([...assessorsOf(small, 'U1-01')]).toEqual(['S']);
    expect([...assessorsOf(small, 'U1')].sort()).toEqual(['X', 'Y']);
  });
});
