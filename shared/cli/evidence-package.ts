import { createWriteStream, mkdirSync, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { dirname } from 'node:path';
import { Readable, Transform } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Archiver, EntryData } from 'archiver';
import type { ResponseOf } from '../api/contract.ts';
import type { EvidenceFile } from '../api/evidence.ts';
import type { ApiClient } from '../client/api-client.ts';
import { humanSize, planEvidencePackage } from '../domain/evidence-package.ts';
import type { EvidenceKind } from '../domain/file-kind.ts';
import type { Lang } from '../domain/text.ts';
import { eachFile } from './each-file.ts';

/**
 * `cepin evidence package`: a unit's evidence files in one zip for the assessors' visit — a folder
 * per item (`<code> <title>/<name>`, the unit's own files in `0 单位材料`), names made safe by
 * shared/domain/evidence-package.ts, and the index workbook (shared/excel/evidence-index.ts) at the
 * root. Files are downloaded one at a time and streamed into the zip, which is written to
 * `<out>.part` and renamed when whole: never more than one file's chunks are held in memory.
 */

/** Kinds whose bytes are already compressed: stored as they are rather than deflated again. */
const COMPRESSED: ReadonlySet<EvidenceKind> = new Set(['jpeg', 'png', 'gif', 'webp', 'docx', 'xlsx', 'pptx']);

export interface PackageRequest {
  round: string;
  unit: string;
  out: string;
  lang: Lang;
  /** The generation time of the index (the entries' date). */
  now: Date;
  /** No progress bar (JSON output, or a caller that draws its own). */
  quiet?: boolean;
}

export interface PackageSummary {
  out: string;
  index: string;
  files: number;
  bytes: number;
  items: number;
  /** Scored items without any file. */
  missing: string[];
}

/** Appends one entry and resolves once the archive has taken all of it (or rejects on an error). */
function addEntry(zip: Archiver, source: Readable | Buffer, data: EntryData): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      zip.off('entry', onEntry);
      zip.off('error', done);
      if (err) reject(err);
      else resolve();
    };
    const onEntry = () => done();
    zip.on('entry', onEntry);
    zip.on('error', done);
    if (source instanceof Readable) source.once('error', done);
    zip.append(source, data);
  });
}

/** A pass-through that counts the bytes going by. */
function counter(): Transform & { bytes: number } {
  const t = new Transform({
    transform(chunk: Buffer, _enc, next) {
      t.bytes += chunk.length;
      next(null, chunk);
    },
  }) as Transform & { bytes: number };
  t.bytes = 0;
  return t;
}

/** Lists the unit's evidence and the round's rubric, downloads every file and writes the zip. */
export async function writeEvidencePackage(client: ApiClient, r: PackageRequest): Promise<PackageSummary> {
  const round = encodeURIComponent(r.round);
  const [list, rubric] = await Promise.all([
    client.call<ResponseOf<'GET /rounds/{round}/evidence'>>(
      'GET',
      `/rounds/${round}/evidence?${new URLSearchParams({ unit: r.unit })}`,
    ),
    client.call<ResponseOf<'GET /rounds/{round}/rubric'>>('GET', `/rounds/${round}/rubric?lang=${r.lang}`),
  ]);
  const leaves = rubric.nodes.filter((n) => n.leaf);
  const plan = planEvidencePackage(leaves, list.files, r.lang);
  const { evidenceIndexWorkbook } = await import('../excel/evidence-index.ts');
  const index = await evidenceIndexWorkbook({
    lang: r.lang,
    round: list.round,
    unit: list.unit,
    nodes: rubric.nodes,
    files: list.files,
    paths: plan.paths,
  });
  const { default: archiver } = await import('archiver');
  mkdirSync(dirname(r.out), { recursive: true });
  const part = `${r.out}.part`;
  const sink = createWriteStream(part);
  const zip = archiver('zip', { zlib: { level: 6 } });
  const written = new Promise<void>((resolve, reject) => {
    sink.on('close', resolve);
    sink.on('error', reject);
    zip.on('error', reject);
  });
  written.catch(() => undefined); // awaited below; an early failure is reported by the step that meets it
  zip.pipe(sink);
  const byPath = new Map(list.files.map((f) => [plan.paths.get(f.id)!, f]));
  try {
    await addEntry(zip, Buffer.from(index), { name: plan.index, date: r.now });
    await eachFile([...byPath.keys()], r.quiet, async (path) => {
      const f = byPath.get(path) as EvidenceFile;
      const link = await client.call<ResponseOf<'GET /rounds/{round}/evidence/{id}'>>(
        'GET',
        `/rounds/${round}/evidence/${encodeURIComponent(f.id)}`,
      );
      const body = Readable.fromWeb((await client.openDownload(link.url)) as WebReadableStream<Uint8Array>);
      const count = counter();
      body.once('error', (e) => count.destroy(e));
      await addEntry(zip, body.pipe(count), {
        name: path,
        date: Number.isFinite(Date.parse(f.uploadedAt)) ? new Date(f.uploadedAt) : r.now,
        store: COMPRESSED.has(f.type),
      });
      if (count.bytes !== f.size)
        throw new Error(`${f.fileName} (${f.id}): downloaded ${count.bytes} bytes, the list says ${f.size}`);
    });
    await zip.finalize();
    await written;
    renameSync(part, r.out);
  } catch (e) {
    zip.abort();
    sink.destroy();
    if (!sink.closed) await once(sink, 'close');
    rmSync(part, { force: true });
    throw e;
  }
  return {
    out: r.out,
    index: plan.index,
    files: list.files.length,
    bytes: list.files.reduce((n, f) => n + f.size, 0),
    items: leaves.length,
    missing: leaves.filter((n) => !list.files.some((f) => f.item === n.code)).map((n) => n.code),
  };
}

/** The command's report: the zip, what is in it, and which items have nothing. */
export function describePackage(s: PackageSummary, lang: Lang): string[] {
  const zh = lang === 'zh';
  const lines = [
    zh
      ? `${s.out}: ${s.files} 份佐证材料 (${humanSize(s.bytes)}),索引 ${s.index}`
      : `${s.out}: ${s.files} evidence files (${humanSize(s.bytes)}), index ${s.index}`,
  ];
  if (s.missing.length)
    lines.push(
      zh
        ? `  ${s.items} 个测评指标中 ${s.missing.length} 个没有材料: ${s.missing.join(', ')}`
        : `  ${s.missing.length} of ${s.items} scored items have no evidence: ${s.missing.join(', ')}`,
    );
  return lines;
}
