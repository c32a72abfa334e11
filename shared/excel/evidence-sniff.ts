import { error, type Issue } from '../domain/issues.ts';
import { judgeOfficeZip, sniffMagic, type EvidenceKind } from '../domain/file-kind.ts';
import { DEFAULT_RATIO, listEntries, RATIO_GRACE, unpackEntries, type ZipEntry } from './zip-reader.ts';

/**
 * The door of evidence files (佐证材料): what kind a file is, from its bytes (no exceljs, nothing
 * loaded). An Office document's zip is listed through the zip sniffer's limits and only its
 * `[Content_Types].xml` is unpacked; no other part is inflated. docs/security.md, "Evidence files".
 */

/** What listing an Office document's zip may cost. */
export const EVIDENCE_ZIP_LIMITS = {
  maxEntries: 5000,
  /** The unpacked size all parts may declare together (nothing is unpacked but the content types). */
  maxUncompressed: 256 * 1024 * 1024,
  /** `[Content_Types].xml`, the one part unpacked. */
  maxContentTypes: 1024 * 1024,
};

/** The kind of an evidence file, or the one issue that refuses it. */
export type EvidenceSniff = { ok: true; kind: EvidenceKind } | { ok: false; issue: Issue };

/** Where an evidence issue is: the rubric item the file was meant for (the file is named in the message). */
interface Where {
  file: string;
  item?: string | undefined;
}

const refused = (code: string, w: Where, params: Record<string, string | number> = {}): EvidenceSniff => ({
  ok: false,
  issue: error(code, { item: w.item }, { file: w.file, ...params }),
});

/** A zip-reader refusal told as an evidence issue (its messages speak of workbooks). */
function fromZipIssue(i: Issue, w: Where): EvidenceSniff {
  if (i.code === 'file.zip-bomb') return refused('evidence.zip-bomb', w, i.params);
  const detail =
    i.code === 'file.corrupt'
      ? String(i.params.detail ?? '')
      : i.code === 'file.too-many-entries'
        ? `${i.params.count} parts, at most ${i.params.max}`
        : 'ZIP64';
  return refused('evidence.corrupt', w, { detail });
}

/** Parts whose declared unpacked size is out of proportion, or all of them together too large. */
function declaredBomb(entries: readonly ZipEntry[], w: Where): EvidenceSniff | undefined {
  let total = 0;
  for (const e of entries) {
    const bound = Math.max(RATIO_GRACE, e.compressed * DEFAULT_RATIO);
    total += e.uncompressed;
    if (e.uncompressed > bound)
      return refused('evidence.zip-bomb', w, { part: e.name, size: e.uncompressed, max: bound });
    if (total > EVIDENCE_ZIP_LIMITS.maxUncompressed)
      return refused('evidence.zip-bomb', w, {
        part: e.name,
        size: total,
        max: EVIDENCE_ZIP_LIMITS.maxUncompressed,
      });
  }
  return undefined;
}

/**
 * Tells what an evidence file is. Empty files, executables and scripts, macro and legacy Office
 * documents, archives, text not in UTF-8 and unknown kinds are refused, each with its reason.
 */
export function sniffEvidence(bytes: Uint8Array, w: Where): EvidenceSniff {
  if (bytes.length === 0) return refused('evidence.empty', w);
  const magic = sniffMagic(bytes);
  if ('kind' in magic) return { ok: true, kind: magic.kind };
  if ('refused' in magic) return refused(magic.refused.code, w, magic.refused.params);
  const at = { sheet: w.file };
  const listed = listEntries(bytes, at, EVIDENCE_ZIP_LIMITS);
  if ('issue' in listed) return fromZipIssue(listed.issue, w);
  const names = listed.entries.map((e) => e.name);
  if (new Set(names).size !== names.length || names.some((n) => n.split('/').includes('..')))
    return refused('evidence.corrupt', w, { detail: 'duplicate or unsafe part names' });
  const bomb = declaredBomb(listed.entries, w);
  if (bomb) return bomb;
  const types = listed.entries.find((e) => e.name === '[Content_Types].xml');
  let contentTypes: string | undefined;
  if (types) {
    const limits = { maxEntries: 1, maxUncompressed: EVIDENCE_ZIP_LIMITS.maxContentTypes };
    const parts = unpackEntries(bytes, [types], listed.directory, at, limits);
    if ('issue' in parts) return fromZipIssue(parts.issue, w);
    contentTypes = new TextDecoder().decode(parts.get(types.name));
  }
  const judged = judgeOfficeZip(names, contentTypes);
  if ('kind' in judged) return { ok: true, kind: judged.kind };
  if ('refused' in judged) return refused(judged.refused.code, w, judged.refused.params);
  return refused('evidence.unknown-type', w);
}
