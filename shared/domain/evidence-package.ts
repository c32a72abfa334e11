import { chinaMinute } from './china-time.ts';
import { evidenceDownloadName, type EvidenceKind } from './file-kind.ts';
import type { Lang } from './text.ts';

/**
 * A unit's evidence package (佐证材料包, `cepin evidence package`): where each evidence file goes in
 * the zip, with names every unzip program on Windows, macOS and Linux takes as they are. Pure.
 */

/** Control characters (C0, DEL, C1) and bidirectional marks and overrides. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** Path separators and the characters Windows refuses in a name. */
const RESERVED = /[<>:"/\\|?*]/g;
/** Windows device names, reserved with any extension (`con.txt`), in any case. */
const DEVICE = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i;
/** An extension kept whole when a name is cut: a dot and 1–10 characters without dots or spaces. */
const EXTENSION = /\.[^.\s]{1,10}$/;
/** Most file systems take 255 bytes a name; this leaves room for a number added to a duplicate. */
const MAX_BYTES = 240;

const utf8Length = (s: string) => new TextEncoder().encode(s).length;
const trimEnds = (s: string) => s.replace(/^[\s.]+|[\s.]+$/g, '');

/** Cuts `stem` (by code points) so that `stem + tail` fits `max` code points and MAX_BYTES. */
function fit(stem: string, tail: string, max: number): string {
  const points = [...stem];
  const room = Math.max(1, max - [...tail].length);
  if (points.length > room) points.length = room;
  while (points.length > 1 && utf8Length(points.join('') + tail) > MAX_BYTES) points.pop();
  return (trimEnds(points.join('')) || '_') + tail;
}

/** A name split into its stem and its extension (empty when it has none). */
function splitExtension(name: string): [stem: string, ext: string] {
  const m = EXTENSION.exec(name);
  return m && m.index > 0 ? [name.slice(0, m.index), m[0]] : [name, ''];
}

/**
 * One path segment that is safe to unpack anywhere: control characters, path separators and the
 * characters Windows reserves become `_`; runs of dots become one and leading and trailing dots
 * and spaces go (so never `..` in it, nor a hidden file); a Windows device name (`CON`, `com1.txt`) gets a leading `_`; the name is
 * cut to `max` characters and 240 UTF-8 bytes, keeping its extension; nothing left is `_`.
 */
export function safeName(name: string, max = 80): string {
  const cleaned = trimEnds(
    name
      .normalize('NFC')
      .replace(CONTROL, '_')
      .replace(RESERVED, '_')
      .replace(/\.{2,}/g, '.'),
  );
  if (!cleaned) return '_';
  const [stem, ext] = splitExtension(cleaned);
  const cut = fit(stem, ext, max);
  return DEVICE.test(cut) ? `_${cut}` : cut;
}

/** How names are compared for clashes: Windows and macOS do not tell case apart. */
const clashKey = (name: string) => name.normalize('NFC').toLowerCase();

/**
 * `name` if no name in `taken` clashes with it (case apart), else the first of `name (2)`,
 * `name (3)`… that does not, still within `max` characters; the name chosen is added to `taken`.
 */
export function uniqueName(name: string, taken: Set<string>, max = 80): string {
  let chosen = name;
  const [stem, ext] = splitExtension(name);
  for (let n = 2; taken.has(clashKey(chosen)); n++) chosen = fit(stem, ` (${n})${ext}`, max);
  taken.add(clashKey(chosen));
  return chosen;
}

/** A scored item of the round's rubric, in rubric order. */
export interface PackageItem {
  code: string;
  title: string;
}

/** One evidence file of the unit, as the evidence list gives it. */
export interface PackageFile {
  id: string;
  item: string | null;
  fileName: string;
  type: EvidenceKind;
}

/** Where everything goes in a unit's evidence package. */
export interface PackagePlan {
  /** The index workbook's name, at the root. */
  index: string;
  /** The folder of the files not attached to an item. */
  unitFolder: string;
  /** Each file's path in the zip (`folder/name`), by file id. */
  paths: Map<string, string>;
}

const FOLDER_MAX = 60;

/** The folder names of a package: the index and unit files in the user's language. */
export const PACKAGE_WORDS = {
  zh: { index: '索引.xlsx', unitFolder: '0 单位材料', unitFiles: '单位材料' },
  en: { index: 'index.xlsx', unitFolder: '0 Unit files', unitFiles: 'Unit files' },
} as const;

/**
 * Plans a unit's package: one folder per item with files, `<code> <title>`, in rubric order (an
 * item the rubric does not have, by its code alone), the unit's own files in `0 单位材料` /
 * `0 Unit files`; each file under its download name (its kind's extension, evidenceDownloadName),
 * made safe and numbered when it clashes with one before it in the same folder (oldest first).
 */
export function planEvidencePackage(
  items: readonly PackageItem[],
  files: readonly PackageFile[],
  lang: Lang,
): PackagePlan {
  const words = PACKAGE_WORDS[lang];
  const root = new Set([clashKey(words.index), clashKey(words.unitFolder)]);
  const titles = new Map(items.map((i) => [i.code, i.title]));
  const order = new Map(items.map((i, n) => [i.code, n]));
  const rank = (item: string) => order.get(item) ?? items.length;
  const attached = [...new Set(files.flatMap((f) => (f.item === null ? [] : [f.item])))];
  const folders = new Map<string | null, string>([[null, words.unitFolder]]);
  for (const item of attached.sort((a, b) => rank(a) - rank(b))) {
    const title = titles.get(item);
    folders.set(item, uniqueName(safeName(title ? `${item} ${title}` : item, FOLDER_MAX), root, FOLDER_MAX));
  }
  const inFolder = new Map<string, Set<string>>();
  const paths = new Map<string, string>();
  for (const f of files) {
    const folder = folders.get(f.item)!;
    const taken = inFolder.get(folder) ?? new Set<string>();
    inFolder.set(folder, taken);
    paths.set(f.id, `${folder}/${uniqueName(safeName(evidenceDownloadName(f.fileName, f.type)), taken)}`);
  }
  return { index: words.index, unitFolder: words.unitFolder, paths };
}

/** A size for people: bytes, KB or MB (one decimal). */
export function humanSize(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** An ISO instant as China time (UTC+8, no daylight saving): `YYYY-MM-DD HH:mm`. */
export function chinaTime(iso: string): string {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? chinaMinute(t) : iso;
}
