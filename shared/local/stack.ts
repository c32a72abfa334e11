import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { handleApi } from '../adapters/http-api.ts';
import { DOCUMENT_ROUTES } from '../api/routes.ts';
import { HANDLERS } from '../use-cases/api/dispatch.ts';
import { DOCUMENT_HANDLERS } from '../use-cases/api/documents.ts';
import { buildDeps } from '../composition.ts';
import { loadConfig, type Config } from '../config.ts';
import { ensureTable, LocalServiceError, startDynamoLocal, type DynamoLocal } from './dynamo-local.ts';
import { startGateway, type LocalIdentity } from './gateway.ts';
import type { Store } from '../use-cases/ports.ts';
import { ensureFirstAdmin, type FirstAdmin } from './first-admin.ts';
import { LocalIngestQueue } from './ingest-queue.ts';
import type { LocalOidc } from './oidc-provider.ts';
import { ownOrigins } from './request-guard.ts';
import { portFree, startS3Local, type S3Local } from './s3-local.ts';
import { verifyLocalToken } from './tokens.ts';

/** Display names of the sample districts (the CDK stacks take theirs from infra/districts). */
const LOCAL_NAMES: Record<string, { zh: string; en: string }> = {
  dongcheng: { zh: '东城区', en: 'Dongcheng District' },
  xicheng: { zh: '西城区', en: 'Xicheng District' },
  chaoyang: { zh: '朝阳区', en: 'Chaoyang District' },
};

/** The built portal in this checkout (`npm run build:web` writes it). */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Settings of the local stack. */
export interface LocalStackOptions {
  port: number;
  dataDir: string;
  /** The upload limit (CEPIN_MAX_UPLOAD_BYTES; default from the environment, else 10 MB). */
  maxUploadBytes?: string | undefined;
  district?: string | undefined;
  districtName?: string | undefined;
  /** Keep DynamoDB in memory (tests); otherwise it persists under the data dir. */
  inMemory?: boolean | undefined;
  /** The built portal to serve at `/` (default: web/dist of this checkout, when built). */
  webDir?: string | undefined;
  log?: (entry: Record<string, unknown>) => void;
  /**
   * Builds one function's deps (default `buildDeps`): as in AWS, api, documents and ingest each get
   * their own, so tests can tell which function made an AWS call (tests/integration/iam-replay.test.ts).
   */
  depsFor?: ((fn: LocalFunction, config: Config) => ReturnType<typeof buildDeps>) | undefined;
  /**
   * Who signs people in (CEPIN_IDENTITY): `cognito` (default) — the dev login's tokens stand in for
   * the user pool's; `oidc` — also a real OpenID Connect provider (oidc-provider.ts) on the first free
   * port from port+3, whose ID tokens the gateway verifies as the JWT authorizer would.
   */
  identity?: 'cognito' | 'oidc' | undefined;
  /** oidc: the provider's ID token lifetime in seconds (default 3600; tests of the silent refresh shorten it). */
  idTokenTtl?: number | undefined;
}

/** The Lambda functions of a district stack (infra/district-stack.ts), which the local stack runs in-process. */
export type LocalFunction = 'api' | 'documents' | 'ingest';

/** A running local stack: the API URL, the config its handlers use, and how to stop it. */
export interface LocalStack {
  apiUrl: string;
  dataDir: string;
  /** The built portal the gateway serves at `/`. */
  webDir: string;
  config: Config;
  queue: LocalIngestQueue;
  /** In oidc mode: the local OpenID Connect provider (issuer, account store). */
  oidc?: LocalOidc | undefined;
  /** oidc: the first admin's account when this start made it (its temporary password is shown once). */
  firstAdmin?: FirstAdmin | undefined;
  stop(): Promise<void>;
}

/** The first free port from `from` on (the OIDC provider's: port+3 unless taken). */
async function nextFreePort(from: number): Promise<number> {
  for (let p = from; p <= Math.min(from + 50, 65535); p++) if (await portFree(p)) return p;
  throw new LocalServiceError(`no free port from ${from} on for the OpenID Connect provider`);
}

/** Admin, then the assessors and units of every round's roster (newest round first, each once). */
export async function localIdentities(store: Store): Promise<LocalIdentity[]> {
  const out: LocalIdentity[] = [{ as: 'admin', role: 'admin', ref: '', name: '' }];
  const seen = new Set(['admin']);
  const add = (i: LocalIdentity) => {
    if (seen.has(i.as)) return;
    seen.add(i.as);
    out.push(i);
  };
  for (const r of await store.listRounds()) {
    const roster = await store.getRoster(r.round);
    for (const a of roster?.assessors ?? [])
      add({ as: `assessor:${a.id}`, role: 'assessor', ref: a.id, name: a.name });
    for (const u of roster?.units ?? [])
      add({ as: `unit:${u.code}`, role: 'unit', ref: u.code, name: u.name });
  }
  return out;
}

/** A local key file in the data dir (32 random bytes, hex, mode 0600), created on first start; its path. */
function keyFile(dataDir: string, name: string): string {
  const file = join(dataDir, name);
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return file;
}

/** The local JWT signing key, created on first start and kept in the data dir. */
export function secretFor(dataDir: string): Uint8Array {
  return Buffer.from(readFileSync(keyFile(dataDir, 'jwt-secret'), 'utf8').trim(), 'hex');
}

/** The local signing key (HMAC) for sheets cepin later trusts, such as reconciliation sheets; its path. */
export function signingKeyFile(dataDir: string): string {
  return keyFile(dataDir, 'recon-key');
}

/**
 * Starts everything on 127.0.0.1: DynamoDB Local (port+1), s3rver (port+2), the table and bucket,
 * the API gateway (port) running the same handler as Lambda, and the S3 event -> SQS-shaped batch
 * -> ingest path with retries and a dead-letter folder.
 */
export async function startLocalStack(o: LocalStackOptions): Promise<LocalStack> {
  const dataDir = resolve(o.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const district = o.district ?? 'dongcheng';
  for (const p of [o.port, o.port + 1, o.port + 2]) {
    if (!(await portFree(p)))
      throw new LocalServiceError(
        `port ${p} is taken; choose another with --port (cepin uses --port, +1 and +2)`,
      );
  }
  const started: { stop(): Promise<void> }[] = [];
  const stopAll = async () => {
    for (const s of started.reverse()) await s.stop().catch(() => {});
  };
  try {
    const ddbDir = join(dataDir, 'dynamodb');
    if (!o.inMemory) mkdirSync(ddbDir, { recursive: true });
    const ddb: DynamoLocal = await startDynamoLocal({
      port: o.port + 1,
      dbPath: o.inMemory ? undefined : ddbDir,
    });
    started.push(ddb);
    const table = `cepin-${district}`;
    const bucket = `cepin-${district}-files`;
    const s3: S3Local = await startS3Local({
      port: o.port + 2,
      directory: join(dataDir, 's3'),
      bucket,
      corsOrigins: [`http://127.0.0.1:${o.port}`, `http://localhost:${o.port}`],
    });
    started.push(s3);
    await ensureTable(ddb.endpoint, table);
    // Loaded only when asked for (oidc-provider and Koa are large).
    const oidcLib = o.identity === 'oidc' ? await import('./oidc-provider.ts') : undefined;
    const oidc = oidcLib
      ? await oidcLib.startLocalOidc({
          port: await nextFreePort(o.port + 3),
          dataDir,
          clients: { portalOrigins: ownOrigins(o.port) },
          idTokenTtl: o.idTokenTtl,
          log: o.log,
        })
      : undefined;
    if (oidc) started.push(oidc);
    const config = loadConfig({
      CEPIN_DISTRICT: district,
      CEPIN_DISTRICT_NAME: o.districtName ?? LOCAL_NAMES[district]?.zh ?? district,
      CEPIN_TABLE: table,
      CEPIN_BUCKET: bucket,
      AWS_REGION: 'us-east-1',
      CEPIN_DYNAMODB_ENDPOINT: ddb.endpoint,
      CEPIN_S3_ENDPOINT: s3.endpoint,
      CEPIN_SIGNING_KEY_FILE: signingKeyFile(dataDir),
      // The one setting of the deployed functions a local user may want to try (default 10 MB).
      CEPIN_MAX_UPLOAD_BYTES: o.maxUploadBytes ?? process.env.CEPIN_MAX_UPLOAD_BYTES,
      // …and the evidence limits (default 20 MB a file, 200 MB a unit and round).
      CEPIN_MAX_EVIDENCE_BYTES: process.env.CEPIN_MAX_EVIDENCE_BYTES,
      CEPIN_MAX_EVIDENCE_UNIT_BYTES: process.env.CEPIN_MAX_EVIDENCE_UNIT_BYTES,
      // An oidc district: the directory binds the provider's people by their sign-in name.
      ...(oidc
        ? { CEPIN_IDENTITY: 'oidc', CEPIN_OIDC_ISSUER: oidc.issuer, CEPIN_OIDC_BIND_BY: 'preferred_username' }
        : {}),
    });
    const depsOf = (fn: LocalFunction) => o.depsFor?.(fn, config) ?? buildDeps(config);
    const deps = { api: depsOf('api'), documents: depsOf('documents'), ingest: depsOf('ingest') };
    // oidc: people sync creates, disables and resets the provider's own accounts (its account file).
    if (oidc) deps.api = { ...deps.api, accounts: oidc.accounts };
    const gatewayStore = buildDeps(config).store;
    // oidc: an account and a directory person `admin`, so that a newcomer can sign in (first-admin.ts).
    const firstAdmin = oidc ? await ensureFirstAdmin(gatewayStore, oidc.accounts, dataDir) : undefined;
    const queue = new LocalIngestQueue(deps.ingest, {
      deadLetterDir: join(dataDir, 'dead-letter'),
      log: o.log,
    });
    s3.onObjectCreated((e) => queue.pushS3Event(e));
    const webDir = o.webDir ?? DEFAULT_WEB_DIR;
    const secret = secretFor(dataDir);
    const fromProvider =
      oidc &&
      oidcLib?.oidcVerifier({ issuer: oidc.issuer, jwks: oidc.jwks, audiences: oidcLib.OIDC_AUDIENCES });
    const server: Server = await startGateway({
      port: o.port,
      secret,
      // oidc: the provider's ID tokens, as the JWT authorizer checks them; the dev login's too.
      verify: fromProvider && (async (t) => (await verifyLocalToken(secret, t)) ?? (await fromProvider(t))),
      oidc: oidc && { issuer: oidc.issuer, clientId: 'cepin-portal' },
      district,
      districtName: LOCAL_NAMES[district] ?? {
        zh: o.districtName ?? district,
        en: o.districtName ?? district,
      },
      webDir,
      s3Origin: s3.endpoint,
      // The dev sign-in list is the local gateway's own (no Lambda in AWS): on clients of its own.
      identities: () => localIdentities(gatewayStore),
      // Routed as API Gateway routes them: the document routes to the documents function.
      api: (ev) =>
        (DOCUMENT_ROUTES as readonly string[]).includes(ev.routeKey)
          ? handleApi(ev, deps.documents, DOCUMENT_HANDLERS)
          : handleApi(ev, deps.api, HANDLERS),
    });
    started.push({ stop: () => new Promise<void>((r) => server.close(() => r())) });
    return {
      apiUrl: `http://127.0.0.1:${o.port}`,
      dataDir,
      webDir,
      config,
      queue,
      oidc,
      firstAdmin,
      stop: async () => {
        await queue.idle();
        server.closeAllConnections();
        await stopAll();
      },
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
