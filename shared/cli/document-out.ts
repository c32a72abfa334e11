import { writeFileSync } from 'node:fs';
import type { ApiClient } from '../client/api-client.ts';
import { UsageError } from './context.ts';

/**
 * `--out F.xlsx|F.docx` of a report that comes as a workbook (`<path>/workbook`) and as a letter
 * (`<path>/docx`): asks for the one the file name says and writes it.
 */
export async function writeReportOut(
  client: ApiClient,
  path: string,
  query: string,
  out: string,
): Promise<void> {
  const kind = out.endsWith('.docx') ? 'docx' : out.endsWith('.xlsx') ? 'workbook' : undefined;
  if (!kind) throw new UsageError('--out must end in .xlsx or .docx');
  const link = await client.call<{ url: string }>('GET', `${path}/${kind}?${query}`);
  writeFileSync(out, await client.download(link.url));
}
