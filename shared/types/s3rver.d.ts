// Minimal typings for s3rver 3 (it ships none): what the local stack uses.
declare module 's3rver' {
  import type { EventEmitter } from 'node:events';
  import type { IncomingMessage } from 'node:http';
  /** The part of a Koa context a middleware in front of s3rver uses. */
  interface S3rverContext {
    req: IncomingMessage;
    status: number;
    body: unknown;
    type: string;
    set(field: string, value: string): void;
  }
  interface S3rverOptions {
    address?: string;
    port?: number;
    directory?: string;
    silent?: boolean;
    resetOnClose?: boolean;
    allowMismatchedSignatures?: boolean;
    configureBuckets?: { name: string; configs: (string | Buffer)[] }[];
  }
  export default class S3rver extends EventEmitter {
    constructor(options: S3rverOptions);
    run(): Promise<{ address: string; port: number }>;
    /** Koa's middleware stack; composed when `run` starts listening, so it can be prepended to before. */
    middleware: ((ctx: S3rverContext, next: () => Promise<void>) => Promise<void> | void)[];
    close(): Promise<void>;
  }
}
