import type { ApiClient, PresignedUpload } from './api-client.ts';

/** An upload's outcome as the API reports it. */
export interface UploadOutcome {
  uploadId: string;
  state: 'pending' | 'accepted' | 'rejected' | 'duplicate';
  /** Null for a reconciliation sheet (合议表), which has no total of its own. */
  total?: number | null;
  grade?: string | null;
  /** The grade in the asked language (the rule set's label). */
  gradeLabel?: string | null;
  phase?: string | null;
  unit?: string | null;
  assessor?: string | null;
  duplicateOf?: string | null;
  issues?: {
    code: string;
    message: string;
    severity: string;
    sheet: string | null;
    cell: string | null;
    item: string | null;
  }[];
  annotatedUrl?: string | null;
}

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
  const slot = await client.call<{ uploadId: string } & PresignedUpload>(
    'POST',
    `/rounds/${encodeURIComponent(round)}/uploads`,
    { fileName, size: bytes.length },
  );
  await client.postPresigned(slot, fileName, bytes);
  let out: UploadOutcome = { uploadId: slot.uploadId, state: 'pending' };
  const deadline = Date.now() + (o.waitMs ?? 60_000);
  for (let delay = 40; out.state === 'pending' && Date.now() < deadline; delay = Math.min(500, delay * 2)) {
    await new Promise((r) => setTimeout(r, delay));
    out = await client.call<UploadOutcome>('GET', `/uploads/${slot.uploadId}?lang=${o.lang ?? 'zh'}`);
  }
  return out;
}
