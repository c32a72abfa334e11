import { crc32, deflateSync, gzipSync } from 'node:zlib';
import { handZip, type HandEntry } from './hand-zip.ts';

/**
 * Evidence files built byte by byte from their formats' published magic numbers and structures, for
 * the tests of docs/security.md "Evidence files": nothing here asks cepin what a file is.
 */

const enc = (s: string) => new TextEncoder().encode(s);
const cat = (...parts: (Uint8Array | number[])[]) =>
  new Uint8Array(Buffer.concat(parts.map((p) => Buffer.from(p))));
const be32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
const le32 = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];

/** A one-page PDF (header, catalog, page, xref, trailer). */
export function pdf(text = 'evidence'): Uint8Array {
  return enc(
    `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n` +
      `2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n` +
      `3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n` +
      `% ${text}\nxref\n0 4\ntrailer << /Root 1 0 R /Size 4 >>\nstartxref\n0\n%%EOF\n`,
  );
}

/** A JPEG's start: SOI, a JFIF APP0 segment, then EOI. */
export function jpeg(fill = 0): Uint8Array {
  return cat([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], enc('JFIF'), [
    0,
    1,
    1,
    0,
    0,
    1,
    0,
    1,
    0,
    0,
    fill & 0xff,
    0xff,
    0xd9,
  ]);
}

/** A real 1×1 grey PNG: signature, IHDR, IDAT (zlib), IEND, each chunk with its CRC. */
export function png(): Uint8Array {
  const chunk = (type: string, data: number[] | Uint8Array) => {
    const body = cat(enc(type), data);
    return cat(be32(data.length), body, be32(crc32(body)));
  };
  return cat(
    [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    chunk('IHDR', [...be32(1), ...be32(1), 8, 0, 0, 0, 0]),
    chunk('IDAT', deflateSync(Buffer.from([0, 0x80]))),
    chunk('IEND', []),
  );
}

/** A 1×1 GIF89a. */
export function gif(): Uint8Array {
  return cat(
    enc('GIF89a'),
    [
      1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 1, 0,
      0x3b,
    ],
  );
}

/** A WebP: a RIFF container of kind WEBP with one (lossless) VP8L chunk. */
export function webp(): Uint8Array {
  const vp8l = [0x2f, 0, 0, 0, 0, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0];
  const body = cat(enc('WEBP'), enc('VP8L'), le32(vp8l.length), vp8l);
  return cat(enc('RIFF'), le32(body.length), body);
}

/** A Windows executable: the DOS stub's `MZ`, e_lfanew at 0x3C pointing at `PE\0\0`. */
export function exe(): Uint8Array {
  const b = new Uint8Array(0x80);
  b.set(enc('MZ'), 0);
  b.set(le32(0x40), 0x3c);
  b.set(cat(enc('PE'), [0, 0, 0x4c, 0x01]), 0x40);
  return b;
}

/** A Linux executable: ELF, 64-bit, little-endian. */
export const elf = () => cat([0x7f], enc('ELF'), [2, 1, 1, 0], new Array(8).fill(0));
/** A 64-bit Mach-O (as stored little-endian on disk: CF FA ED FE). */
export const machO = () => cat([0xcf, 0xfa, 0xed, 0xfe], [7, 0, 0, 1], new Array(8).fill(0));
/** A shell script. */
export const script = () => enc('#!/bin/sh\nrm -rf ~/archive\n');
/** An OLE2 compound file (.doc/.xls of Office 97–2003). */
export const ole2 = () => cat([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], new Array(504).fill(0));

const OOXML = 'application/vnd.openxmlformats-officedocument';
const MAIN: Record<'docx' | 'xlsx' | 'pptx' | 'docm', [part: string, type: string]> = {
  docx: ['word/document.xml', `${OOXML}.wordprocessingml.document.main+xml`],
  xlsx: ['xl/workbook.xml', `${OOXML}.spreadsheetml.sheet.main+xml`],
  pptx: ['ppt/presentation.xml', `${OOXML}.presentationml.presentation.main+xml`],
  docm: ['word/document.xml', 'application/vnd.ms-word.document.macroEnabled.main+xml'],
};

/** An Office Open XML package: content types, package relationships, the main part, and `extra` parts. */
export function office(kind: keyof typeof MAIN, extra: HandEntry[] = []): Uint8Array {
  const [part, type] = MAIN[kind];
  const types =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
    `<Default Extension="xml" ContentType="application/xml"/>` +
    `<Override PartName="/${part}" ContentType="${type}"/></Types>`;
  const rels =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
    `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="${part}"/></Relationships>`;
  return handZip([
    { name: '[Content_Types].xml', data: enc(types) },
    { name: '_rels/.rels', data: enc(rels) },
    { name: part, data: enc('<?xml version="1.0"?><root/>') },
    ...extra,
  ]);
}

/** A .docm: a macro-enabled main part and its VBA project. */
export const docm = () => office('docm', [{ name: 'word/vbaProject.bin', data: ole2() }]);

/** A plain zip of evidence files (no Office structure). */
export const zipOf = () =>
  handZip([
    { name: 'photos/1.jpg', data: jpeg() },
    { name: 'report.pdf', data: pdf() },
  ]);

/** A POSIX tar holding one file: a 512-byte header (`ustar` at 257), the data, two zero blocks. */
export function tar(): Uint8Array {
  const file = pdf();
  const header = new Uint8Array(512);
  header.set(enc('report.pdf'), 0);
  header.set(enc('0000644\0'), 100);
  header.set(enc(`${file.length.toString(8).padStart(11, '0')}\0`), 124);
  header.set(enc('ustar\x0000'), 257);
  const data = new Uint8Array(Math.ceil(file.length / 512) * 512);
  data.set(file);
  return cat(header, data, new Array(1024).fill(0));
}

export const gzip = () => new Uint8Array(gzipSync(pdf()));
export const sevenZip = () => cat([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4], new Array(24).fill(0));
export const rar = () => cat(enc('Rar!'), [0x1a, 0x07, 0x01, 0x00], new Array(16).fill(0));
