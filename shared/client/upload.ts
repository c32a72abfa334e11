import type { ResponseOf } from '../api/contract.ts';
import type { ApiClient } from './api-client.ts';

/**
 * An upload's outcome as the API reports it (`GET /uploads/{uploadId}`); only the id and the state
 * when the wait ran out before ingest settled it.
 */
export type UploadOutcome = Pick<ResponseOf<'GET /uploads/{uploadId}'>, 'uploadId' | 'state'> &
  Partial<ResponseOf<'GET /uploads/{uploadId}'>>;

/**
 * Uploads one file with a presigned POST and polls until ingest has settled it (or the wait runs
 * out). The file's size is declared, so a file over the limit is refused (413) before any upload.
 */
export async function uploadAndWait(
  client: ApiClient,
  round: string,
  fileName: string,
  bytes: Uint8Array,
  o: { waitMs?: number; lang?: string } = {},
): Promise<UploadOutcome> {
  return uploadTo(client, `/rounds/${encodeURIComponent(round)}/uploads`, fileName, bytes, o);
}

/** Uploads a rubric workbook (细则工作簿) and waits for its outcome: a stored version or its issues. */
export function uploadRubricAndWait(
  client: ApiClient,
  fileName: string,
  bytes: Uint8Array,
  o: { waitMs?: number; lang?: string } = {},
): Promise<UploadOutcome> {
  return uploadTo(client, '/rubrics/uploads', fileName, bytes, o);
}

/**
 * Uploads an evidence file (佐证材料) of a unit, optionally for one scored item, and waits for its
 * outcome: accepted (with the kind found in its bytes), a duplicate, or rejected with the reason.
 */
export function uploadEvidenceAndWait(
  client: ApiClient,
  round: string,
  to: { unit: string; item?: string | undefined },
  fileName: string,
  bytes: Uint8Array,
  o: { waitMs?: number; lang?: string } = {},
): Promise<UploadOutcome> {
  const path = `/rounds/${encodeURIComponent(round)}/evidence`;
  return uploadTo(client, path, fileName, bytes, o, { unit: to.unit, ...(to.item ? { item: to.item } : {}) });
}

/** Asks for a slot (the file's size declared, `extra` added to the request), POSTs the file, polls its outcome. */
export async function uploadTo(
  client: ApiClient,
  slotPath: string,
  fileName: string,
  bytes: Uint8Array,
  o: { waitMs?: number; lang?: string },
  extra: Record<string, unknown> = {},
): Promise<UploadOutcome> {
  const slot = await client.call<ResponseOf<'POST /rounds/{round}/uploads'>>('POST', slotPath, {
    ...extra,
    fileName,
    size: bytes.length,
  });
  await client.postPresigned(slot, fileName, bytes);
  let out: UploadOutcome = { uploadId: slot.uploadId, state: 'pending' };
  const deadline = Date.now() + (o.waitMs ?? 60_000);
  for (let delay = 40; out.state === 'pending' && Date.now() < deadline; delay = Math.min(500, delay * 2)) {
    await new Promise((r) => setTimeout(r, delay));
    out = await client.call<UploadOutcome>('GET', `/uploads/${slot.uploadId}?lang=${o.lang ?? 'zh'}`);
  }
  return out;
}
