import { XLSX_TYPE } from '../../api/terms.ts';
import type { Objects } from '../ports.ts';

/** The content type of the .docx documents cepin hands out. */
export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** How long a download link lives. */
export const LINK_TTL = 3600;

/** An answer with a presigned link to an object, downloaded as `name`. */
export async function linkTo(objects: Objects, key: string, name: string) {
  return {
    status: 200 as const,
    body: { url: await objects.presignGet(key, LINK_TTL, name), fileName: name },
  };
}

/** Stores a generated file under `key` (an .xlsx unless said) and answers a link to it. */
export async function generated(
  objects: Objects,
  key: string,
  name: string,
  bytes: Uint8Array,
  contentType: string = XLSX_TYPE,
) {
  await objects.put(key, bytes, contentType);
  return linkTo(objects, key, name);
}
