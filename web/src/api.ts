import { OFFLINE } from 'virtual:cepin-catalogue/words';
import type { Lang } from './i18n.ts';
import type { ErrorBody, UploadSlot } from './types.ts';

/** An API failure with the catalogue code and the message in both languages (see errorBody). */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly texts: { zh: string; en: string },
    readonly details?: unknown,
  ) {
    super(texts.en);
  }
  text(lang: Lang): string {
    return this.texts[lang];
  }
}

/**
 * Calls the district's HTTP API with the signed-in person's token (the current one, when given as a
 * function). With `refresh` (an `oidc` district), a 401 first gets a new token and the call is made
 * again, once; only a second 401 signs out.
 */
export class Api {
  constructor(
    private readonly base: string,
    private readonly token: string | (() => string),
    private readonly onUnauthorized: () => void,
    private readonly refresh?: () => Promise<string | undefined>,
  ) {}

  async get<T>(path: string, query: Record<string, string | undefined> = {}): Promise<T> {
    const q = new URLSearchParams(
      Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''),
    ).toString();
    return this.call<T>('GET', q ? `${path}?${q}` : path);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>('POST', path, body);
  }

  private async call<T>(method: string, path: string, body?: unknown, fresh?: string): Promise<T> {
    const token = fresh ?? (typeof this.token === 'string' ? this.token : this.token());
    let res: Response;
    try {
      res = await fetch(this.base + path, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiFailure(0, 'portal.offline', OFFLINE);
    }
    const text = await res.text();
    const json = (text ? safeJson(text) : {}) as Partial<ErrorBody>;
    if (res.status === 401 && this.refresh && fresh === undefined) {
      const again = await this.refresh();
      if (again) return this.call<T>(method, path, body, again);
    }
    if (res.status === 401) this.onUnauthorized();
    if (!res.ok) {
      const e = json.error;
      throw new ApiFailure(
        res.status,
        e?.code ?? `http.${res.status}`,
        e?.message ?? { zh: `HTTP ${res.status}`, en: `HTTP ${res.status}` },
        e?.details,
      );
    }
    return json as T;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

/** An upload slot's presigned POST: where to send the form and its signed fields. */
export type PresignedUpload = Pick<UploadSlot, 'url' | 'fields'>;

/**
 * Sends a file with a presigned POST (a multipart form: the signed fields, then the file last),
 * reporting progress (fetch cannot report upload progress). The store refuses a file over the
 * signed size or under another key.
 */
export function postFile(
  post: PresignedUpload,
  file: Blob,
  fileName: string,
  onProgress: (fraction: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(post.fields)) form.append(k, v);
    form.append('file', file, fileName);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', post.url);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () =>
      xhr.status >= 200 && xhr.status < 300 ? resolve() : reject(new Error(`HTTP ${xhr.status}`));
    xhr.onerror = () => reject(new Error('network error'));
    xhr.send(form);
  });
}

/** Starts a browser download of a presigned link (the object carries its own file name). */
export function download(url: string, fileName: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
}
