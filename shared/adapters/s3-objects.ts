import {
  GetObjectCommand,
  HeadObjectCommand,
  NotFound,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Objects, PresignPostOptions } from '../use-cases/ports.ts';

/** Upload and report files in one S3 bucket. */
export class S3Objects implements Objects {
  constructor(
    private readonly s3: S3Client,
    readonly bucket: string,
  ) {}

  async get(key: string, versionId?: string) {
    const r = await this.s3.send(
      new GetObjectCommand({ Bucket: this.bucket, Key: key, VersionId: versionId }),
    );
    const bytes = await r.Body!.transformToByteArray();
    return { bytes, versionId: r.VersionId, size: bytes.length };
  }

  async head(key: string) {
    try {
      const r = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { size: r.ContentLength ?? 0 };
    } catch (e) {
      if (e instanceof NotFound || (e as { name?: string }).name === 'NotFound') return undefined;
      throw e;
    }
  }

  async put(key: string, bytes: Uint8Array, contentType: string) {
    await this.s3.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: bytes, ContentType: contentType }),
    );
  }

  /**
   * A presigned POST whose policy S3 enforces: exactly this key (the library adds `{ key }` and the
   * signing fields), exactly this Content-Type (sent as a form field), a file of 0..maxBytes bytes (an empty one is let through so ingest rejects it as file.empty, and its slot settles),
   * and the expiry. Executed with the credentials of this client's role, as s3:PutObject on the key.
   */
  presignPost(key: string, o: PresignPostOptions) {
    return createPresignedPost(this.s3, {
      Bucket: this.bucket,
      Key: key,
      Expires: o.expiresIn,
      Fields: { 'Content-Type': o.contentType },
      Conditions: [['content-length-range', 0, o.maxBytes]],
    });
  }

  presignGet(key: string, expiresIn: number, downloadName?: string) {
    const disposition = downloadName
      ? `attachment; filename*=UTF-8''${encodeURIComponent(downloadName)}`
      : undefined;
    return getSignedUrl(
      this.s3,
      new GetObjectCommand({ Bucket: this.bucket, Key: key, ResponseContentDisposition: disposition }),
      { expiresIn },
    );
  }
}
