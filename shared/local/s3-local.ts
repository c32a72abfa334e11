import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import S3rver from 's3rver';
import { LocalServiceError } from './dynamo-local.ts';
import { foreignRequest, ownHosts, refusalBody } from './request-guard.ts';

/** An S3 event record as s3rver emits it (Lambda-shaped; keys are not URL-encoded). */
export interface LocalS3Event {
  Records: {
    eventName: string;
    eventTime: string;
    s3: {
      bucket: { name: string };
      object: { key: string; size: number; eTag?: string; versionId?: string };
    };
  }[];
}

/** A running s3rver. */
export interface S3Local {
  endpoint: string;
  onObjectCreated(listener: (event: LocalS3Event) => void): void;
  stop(): Promise<void>;
}

/** Finds out whether a port on 127.0.0.1 is free, to give a clear message before starting. */
export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer()
      .once('error', () => resolve(false))
      .once('listening', () => srv.close(() => resolve(true)))
      .listen(port, '127.0.0.1');
  });
}

/**
 * A bucket CORS configuration letting the portal's origins upload with presigned POSTs and fetch
 * with presigned GETs — the same methods as the bucket's rule in AWS (infra/constructs/storage.ts).
 * s3rver takes POST forms but does not check their policy (size, key, type, expiry, signature):
 * locally, ingest's size check is what refuses an oversize file.
 */
function corsXml(origins: string[]): string {
  const allowed = origins.map((o) => `<AllowedOrigin>${o}</AllowedOrigin>`).join('');
  return (
    `<CORSConfiguration><CORSRule>${allowed}<AllowedMethod>POST</AllowedMethod><AllowedMethod>GET</AllowedMethod>` +
    `<AllowedMethod>HEAD</AllowedMethod><AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader>` +
    `<MaxAgeSeconds>3000</MaxAgeSeconds></CORSRule></CORSConfiguration>`
  );
}

/**
 * Starts s3rver on 127.0.0.1 with its files under `directory`, creating the bucket. s3rver checks
 * no signature, so any web page could otherwise read the bucket through DNS rebinding or post a
 * form into it: a guard in front refuses a foreign Host (421) and an Origin other than the portal's
 * (403) before s3rver sees the request.
 */
export async function startS3Local(opts: {
  port: number;
  directory: string;
  bucket: string;
  /** Origins allowed to POST and GET with presigned requests from a browser (the local portal). */
  corsOrigins?: string[] | undefined;
}): Promise<S3Local> {
  if (!(await portFree(opts.port)))
    throw new LocalServiceError(`port ${opts.port} is taken: s3rver could not start`);
  mkdirSync(opts.directory, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: opts.port,
    directory: opts.directory,
    silent: true,
    configureBuckets: [{ name: opts.bucket, configs: opts.corsOrigins ? [corsXml(opts.corsOrigins)] : [] }],
  });
  const hosts = ownHosts(opts.port);
  const origins = opts.corsOrigins ?? [];
  server.middleware.unshift(async (ctx, next) => {
    const refused = foreignRequest(ctx.req.headers, hosts, origins);
    if (!refused) return next();
    ctx.status = refused.status;
    ctx.type = 'application/json';
    ctx.set('connection', 'close'); // the body, if any, is not read
    ctx.body = JSON.stringify(refusalBody(refused));
  });
  await server.run();
  return {
    endpoint: `http://127.0.0.1:${opts.port}`,
    onObjectCreated: (listener) => {
      server.on('event', (e: LocalS3Event) => {
        if (e.Records.some((r) => r.eventName.startsWith('ObjectCreated'))) listener(e);
      });
    },
    stop: () => server.close(),
  };
}
