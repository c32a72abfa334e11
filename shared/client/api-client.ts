import type { ResponseOf } from '../api/contract.ts';
import type { ErrorBody } from '../api/responses.ts';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** Where the CLI keeps the API URL and token between commands. */
export function sessionFile(env: NodeJS.ProcessEnv): string {
  return join(env.CEPIN_HOME ?? join(homedir(), '.config', 'cepin'), 'session.json');
}

/** The saved session, if any. */
export function readSession(env: NodeJS.ProcessEnv): { api?: string; token?: string; as?: string } {
  try {
    return JSON.parse(readFileSync(sessionFile(env), 'utf8')) as { api?: string; token?: string };
  } catch {
    return {};
  }
}

/** Saves the session (file mode 600: it holds a token). */
export function writeSession(env: NodeJS.ProcessEnv, s: { api: string; token: string; as: string }): void {
  const f = sessionFile(env);
  mkdirSync(dirname(f), { recursive: true });
  writeFileSync(f, JSON.stringify(s, null, 2), { mode: 0o600 });
}

/** An API answer that is not 2xx, with the server's error body. */
export class ApiCallError extends Error {
  override name = 'ApiCallError';
  constructor(
    readonly status: number,
    /** The API's error body, or API Gateway's own `{ message }` (401, 404 of an unknown path). */
    readonly body: Partial<ErrorBody> & { message?: string },
  ) {
    super(body.error?.message.en ?? body.message ?? `HTTP ${status}`);
  }
}

/** An upload slot's presigned POST, as `POST /rounds/{round}/uploads` returns it. */
export type PresignedUpload = Pick<ResponseOf<'POST /rounds/{round}/uploads'>, 'url' | 'fields'>;

/** A small client of the cepin HTTP API. */
export class ApiClient {
  constructor(
    readonly api: string,
    private readonly token: string | undefined,
  ) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.api.replace(/\/$/, '')}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const parsed = (text ? JSON.parse(text) : {}) as T & ApiCallError['body'];
    if (!res.ok) throw new ApiCallError(res.status, parsed);
    return parsed;
  }

  /**
   * Uploads bytes with a presigned POST: a multipart form of the signed fields, then the file last
   * (S3 ignores fields after it). S3 refuses a file over the signed size with 400 EntityTooLarge.
   */
  async postPresigned(post: PresignedUpload, fileName: string, bytes: Uint8Array): Promise<void> {
    const form = new FormData();
    for (const [k, v] of Object.entries(post.fields)) form.append(k, v);
    form.append(
      'file',
      new Blob([Uint8Array.from(bytes)], { type: post.fields['Content-Type'] ?? '' }),
      fileName,
    );
    const res = await fetch(post.url, { method: 'POST', body: form });
    if (!res.ok) throw new Error(`upload failed: HTTP ${res.status} ${await res.text()}`);
  }

  /** Downloads a presigned GET URL. */
  async download(url: string): Promise<Uint8Array> {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`download failed: HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  }

  /** Opens a presigned GET URL to read as it arrives: a large file is never held whole. */
  async openDownload(url: string): Promise<ReadableStream<Uint8Array>> {
    const res = await fetch(url);
    if (!res.ok || !res.body) throw new Error(`download failed: HTTP ${res.status}`);
    return res.body;
  }
}
