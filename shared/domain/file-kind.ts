import type { IssueParams } from './issues.ts';

/**
 * What an evidence file (佐证材料) is, judged from its bytes and never from its name
 * (docs/security.md, "Evidence files"). Pure: the zip of an Office document is listed by
 * shared/excel/evidence-sniff.ts, which hands the part names and `[Content_Types].xml` here.
 */

/** The kinds of evidence cepin keeps. */
export const EVIDENCE_KINDS = ['pdf', 'jpeg', 'png', 'gif', 'webp', 'text', 'docx', 'xlsx', 'pptx'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** The limits of evidence files: per file (CEPIN_MAX_EVIDENCE_BYTES) and per unit and round (CEPIN_MAX_EVIDENCE_UNIT_BYTES). */
export const EVIDENCE_LIMITS = { maxFileBytes: 20 * 1024 * 1024, maxUnitBytes: 200 * 1024 * 1024 };

/** The extensions a download of each kind may keep; the first is added to any other name. */
export const EVIDENCE_EXTENSIONS: Record<EvidenceKind, readonly string[]> = {
  pdf: ['.pdf'],
  jpeg: ['.jpg', '.jpeg'],
  png: ['.png'],
  gif: ['.gif'],
  webp: ['.webp'],
  text: ['.txt'],
  docx: ['.docx'],
  xlsx: ['.xlsx'],
  pptx: ['.pptx'],
};

/** Why a file is refused: a message code of the catalogue and its parameters. */
export interface KindRefusal {
  code: string;
  params: IssueParams;
}

/** What the first bytes say: a kind, a zip to look into, or a refusal. */
export type Magic = { kind: EvidenceKind } | { zip: true } | { refused: KindRefusal };

const refuse = (code: string, params: IssueParams = {}): { refused: KindRefusal } => ({
  refused: { code, params },
});

const at = (b: Uint8Array, offset: number, sig: readonly number[]) =>
  b.length >= offset + sig.length && sig.every((x, i) => b[offset + i] === x);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** Executables and scripts, by their first bytes. */
const EXECUTABLES: [readonly number[], string][] = [
  [ascii('MZ'), 'MZ/PE (Windows)'],
  [[0x7f, ...ascii('ELF')], 'ELF (Linux)'],
  [[0xfe, 0xed, 0xfa, 0xce], 'Mach-O (macOS)'],
  [[0xfe, 0xed, 0xfa, 0xcf], 'Mach-O (macOS)'],
  [[0xce, 0xfa, 0xed, 0xfe], 'Mach-O (macOS)'],
  [[0xcf, 0xfa, 0xed, 0xfe], 'Mach-O (macOS)'],
  // Mach-O universal binaries and Java classes share this magic; both run code.
  [[0xca, 0xfe, 0xba, 0xbe], 'Mach-O / Java class'],
  [ascii('#!'), '#! script'],
];

/** Archives other than zip, by their first bytes (tar at offset 257). */
const ARCHIVES: [number, readonly number[], string][] = [
  [0, [...ascii('Rar!'), 0x1a, 0x07], 'RAR'],
  [0, [...ascii('7z'), 0xbc, 0xaf, 0x27, 0x1c], '7z'],
  [0, [0x1f, 0x8b], 'gzip'],
  [0, ascii('BZh'), 'bzip2'],
  [0, [0xfd, ...ascii('7zXZ'), 0x00], 'xz'],
  [0, [0x28, 0xb5, 0x2f, 0xfd], 'zstd'],
  [0, ascii('MSCF'), 'cab'],
  [257, ascii('ustar'), 'tar'],
];

const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * The kind of a file from its bytes: executables, scripts, legacy Office (OLE2) and archives are
 * refused; a zip is to be looked into (an Office document or an archive); text must be UTF-8.
 * Empty files are the caller's to refuse (`evidence.empty`).
 */
export function sniffMagic(b: Uint8Array): Magic {
  for (const [sig, what] of EXECUTABLES) if (at(b, 0, sig)) return refuse('evidence.executable', { what });
  if (at(b, 0, OLE2)) return refuse('evidence.legacy-office');
  if (
    [
      [3, 4],
      [5, 6],
      [7, 8],
    ].some(([x, y]) => at(b, 0, [0x50, 0x4b, x!, y!]))
  )
    return { zip: true };
  for (const [offset, sig, what] of ARCHIVES)
    if (at(b, offset, sig)) return refuse('evidence.archive', { what });
  if (at(b, 0, ascii('%PDF-'))) return { kind: 'pdf' };
  if (at(b, 0, [0xff, 0xd8, 0xff])) return { kind: 'jpeg' };
  if (at(b, 0, [0x89, ...ascii('PNG'), 0x0d, 0x0a, 0x1a, 0x0a])) return { kind: 'png' };
  if (at(b, 0, ascii('GIF87a')) || at(b, 0, ascii('GIF89a'))) return { kind: 'gif' };
  if (at(b, 0, ascii('RIFF')) && at(b, 8, ascii('WEBP'))) return { kind: 'webp' };
  return textKind(b);
}

/** Control characters plain text may hold: tab, line feed, form feed, carriage return. */
const TEXT_CONTROLS = new Set([0x09, 0x0a, 0x0c, 0x0d]);

/**
 * Plain text: valid UTF-8 (a BOM allowed) without other control characters. Text in another
 * encoding (GBK from Chinese Windows, UTF-16) is refused with `evidence.text-encoding`, so that
 * every reader sees the same characters; anything else is of no kind cepin keeps.
 */
function textKind(b: Uint8Array): Magic {
  if (at(b, 0, [0xff, 0xfe]) || at(b, 0, [0xfe, 0xff])) return refuse('evidence.text-encoding');
  let controls = 0;
  for (const x of b) if ((x < 0x20 && !TEXT_CONTROLS.has(x)) || x === 0x7f) controls++;
  if (controls === 0) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(b);
      return { kind: 'text' };
    } catch {
      // Not UTF-8: text in another encoding when nearly every byte is printable.
    }
    const high = b.filter((x) => x >= 0x80).length;
    if (high > 0) return refuse('evidence.text-encoding');
  }
  return refuse('evidence.unknown-type');
}

/** The main part of each Office kind, by its content type in `[Content_Types].xml`. */
const OFFICE_MAIN: [string, EvidenceKind][] = [
  ['application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml', 'docx'],
  ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml', 'xlsx'],
  ['application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml', 'pptx'],
];

/** Parts that run code when the file is opened or the part is extracted. */
const RUNNABLE_PART = /\.(exe|dll|scr|com|bat|cmd|ps1|vbs|vbe|js|jse|wsf|hta|jar|msi|lnk|sh|app)$/i;
const VBA_PART = /(^|\/)(vbaproject\.bin|vbadata\.xml)$/i;
/** Embedded OLE objects and ActiveX controls: opaque containers that may carry a program. */
const EMBEDDED_PART = /(^|\/)(embeddings\/[^/]*\.bin|activex\/[^/]*)$/i;

/** One attribute of an XML start tag, or undefined. */
const attr = (tag: string, name: string) => new RegExp(`\\s${name}\\s*=\\s*"([^"]*)"`).exec(tag)?.[1];

/**
 * Judges a zip from its part names and its `[Content_Types].xml` (undefined when it has none):
 * a .docx, .xlsx or .pptx without macros, embedded objects or programs inside is kept; a macro
 * document (.docm/.xlsm/.pptm, a VBA project by any name) is refused, as is a zip that is not an
 * Office document (an archive) or an Office package of another kind.
 */
export function judgeOfficeZip(names: readonly string[], contentTypes: string | undefined): Magic {
  if (contentTypes === undefined) return refuse('evidence.archive', { what: 'zip' });
  const vba = names.find((n) => VBA_PART.test(n));
  if (vba) return refuse('evidence.macro', { what: vba });
  if (/macroEnabled|vbaProject/i.test(contentTypes))
    return refuse('evidence.macro', { what: 'macroEnabled' });
  const runnable = names.find((n) => RUNNABLE_PART.test(n));
  if (runnable) return refuse('evidence.executable', { what: runnable });
  const embedded = names.find((n) => EMBEDDED_PART.test(n));
  if (embedded) return refuse('evidence.embedded-object', { part: embedded });
  const lower = new Set(names.map((n) => n.toLowerCase()));
  for (const tag of contentTypes.match(/<(?:\w+:)?Override\b[^>]*>/g) ?? []) {
    const type = attr(tag, 'ContentType');
    const part = attr(tag, 'PartName')?.replace(/^\//, '').toLowerCase();
    const main = OFFICE_MAIN.find(([t]) => t === type);
    if (main && part && lower.has(part)) return { kind: main[1] };
  }
  return refuse('evidence.unknown-type');
}

/**
 * The name a download is given: the uploaded name when its extension is one of its kind's, else
 * that name with the kind's extension added (`run.bat` holding text downloads as `run.bat.txt`),
 * so that no file is opened as something other than what its bytes are.
 */
export function evidenceDownloadName(fileName: string, kind: EvidenceKind): string {
  const exts = EVIDENCE_EXTENSIONS[kind];
  const lower = fileName.toLowerCase();
  if (exts.some((e) => lower.endsWith(e) && lower.length > e.length)) return fileName;
  return `${fileName || 'evidence'}${exts[0]}`;
}
