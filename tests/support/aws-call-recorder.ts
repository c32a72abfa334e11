import { makeClients } from '../../shared/adapters/aws-clients.ts';
import { TABLE_SCHEMA } from '../../shared/adapters/table-keys.ts';
import { buildDeps } from '../../shared/composition.ts';
import type { Config } from '../../shared/config.ts';
import type { LocalFunction } from '../../shared/local/stack.ts';
import type { Objects } from '../../shared/use-cases/ports.ts';

/**
 * Records every AWS call each function makes, for the IAM replay check
 * (tests/integration/iam-replay.test.ts): middleware on the real SDK clients the adapters use, as
 * the fault injector does (tests/support/fault-injection.ts), plus the presigned URLs a function
 * signs — whoever holds one acts with the signing function's role, so they need its permissions too.
 */

/**
 * One AWS call a function made, or a presigned request it signed. An input value `$NAME` stands for
 * the function's environment variable NAME in AWS (resolved from the template by `iamRequests`).
 */
export interface AwsCall {
  fn: LocalFunction;
  /** The IAM service prefix: dynamodb, s3, secretsmanager… */
  service: string;
  /** The SDK operation: GetItem, TransactWriteItems, PutObject… */
  operation: string;
  /** A presigned request (not sent by the function, but authorized as its role). */
  presigned?: 'url' | 'post' | undefined;
  /** What identifies the resources: table, index, keys, bucket, object key, version… */
  input: Record<string, unknown>;
}

/** One authorization that AWS evaluates for a call: action on resource (with the item or object key). */
export interface IamRequest {
  action: string;
  resource: string;
  key?: string | undefined;
  /** Request context keys AWS sets for this request (dynamodb:LeadingKeys). */
  context?: Record<string, string[]> | undefined;
}

/** The account and region the resources are named in (the same placeholders as the template's). */
export interface Where {
  region: string;
  account: string;
}

type Handler = (args: { input?: unknown }) => Promise<{ output?: object }>;
type Middleware = (next: Handler, context: object) => Handler;
type AnyClient = {
  config?: { serviceId?: string };
  middlewareStack?: { add: (mw: Middleware, opts: Record<string, unknown>) => void };
};

/** IAM service prefixes whose SDK service id does not lower-case to them. */
const PREFIX: Record<string, string> = {
  'Secrets Manager': 'secretsmanager',
  'CloudWatch Logs': 'logs',
  'Cognito Identity Provider': 'cognito-idp',
};

/** Collects the calls of every function whose deps it built. */
export class AwsCallRecorder {
  readonly calls: AwsCall[] = [];

  /** For `startLocalStack({ depsFor })`: the function's deps as buildDeps makes them, on recording clients. */
  readonly depsFor = (fn: LocalFunction, config: Config): ReturnType<typeof buildDeps> => {
    const clients = makeClients(config);
    for (const client of Object.values(clients)) this.attach(fn, client);
    // The Cognito client is made on first use: record it once it is.
    const cognito = clients.cognito;
    let recorded = false;
    clients.cognito = async () => {
      const c = await cognito();
      if (!recorded) this.attach(fn, c);
      recorded = true;
      return c;
    };
    const deps = buildDeps(config, clients);
    return { ...deps, objects: this.presignedPosts(fn, deps.objects), ...this.signingKey(fn, deps) };
  };

  /**
   * The signing key is a Secrets Manager secret in AWS and a file locally: reading it is recorded as
   * the GetSecretValue it is in AWS, on the secret the function's CEPIN_SIGNING_SECRET_ARN names.
   */
  private signingKey(fn: LocalFunction, deps: object) {
    const read = (deps as { signingKey?: () => Promise<Uint8Array> }).signingKey;
    if (typeof read !== 'function') return {};
    return {
      signingKey: () => {
        this.calls.push({
          fn,
          service: 'secretsmanager',
          operation: 'GetSecretValue',
          input: { SecretId: '$CEPIN_SIGNING_SECRET_ARN' },
        });
        return read();
      },
    };
  }

  /** Adds the recording middleware to one SDK v3 client (any service; a DocumentClient shares its stack). */
  attach(fn: LocalFunction, client: unknown): void {
    const c = client as AnyClient;
    if (!c.middlewareStack) return;
    const serviceId = c.config?.serviceId ?? '?';
    const service = PREFIX[serviceId] ?? serviceId.toLowerCase().replace(/\s+/g, '');
    c.middlewareStack.add(
      (next, context) => async (args) => {
        const name = (context as { commandName?: string }).commandName ?? '?';
        const call: AwsCall = {
          fn,
          service,
          operation: name.replace(/Command$/, ''),
          input: summarize(args.input as Record<string, unknown>),
        };
        this.calls.push(call); // before sending: a denied call is still a call
        const out = await next(args);
        if (out.output && 'presigned' in out.output) call.presigned = 'url';
        return out;
      },
      { step: 'initialize', priority: 'high', name: 'cepinAwsCallRecorder', override: true },
    );
  }

  /**
   * Presigned POST policies are signed without the SDK's middleware (createPresignedPost): a
   * `presign…Post…` method of the Objects port is recorded as the s3:PutObject it authorizes.
   */
  private presignedPosts(fn: LocalFunction, objects: Objects): Objects {
    return new Proxy(objects, {
      get: (target, prop, receiver) => {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof prop !== 'string' || !/^presign.*post/i.test(prop) || typeof value !== 'function')
          return value;
        return (...args: unknown[]) => {
          const a = args[0] as string | { key?: string; Key?: string } | undefined;
          const key = typeof a === 'string' ? a : (a?.key ?? a?.Key);
          if (typeof key !== 'string')
            throw new Error(`aws-call-recorder: cannot find the object key of Objects.${prop}(…)`);
          this.calls.push({
            fn,
            service: 's3',
            operation: 'PutObject',
            presigned: 'post',
            input: { Bucket: target.bucket, Key: key },
          });
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  }
}

/** The parts of a request that name resources (items' attributes are left out). */
function summarize(input: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input))
    if (typeof v === 'string' && k !== 'Body' && !k.endsWith('Expression')) out[k] = v;
  const key = [input.Key, input.Item].find((x) => x && typeof x === 'object'); // DynamoDB's, not S3's
  if (key) Object.assign(out, itemKey(key as Record<string, unknown>));
  if (typeof input.KeyConditionExpression === 'string' && !input.IndexName) {
    // A Query on the table: the partition key value it names (dynamodb:LeadingKeys).
    const m = /(#?\w+)\s*=\s*(:\w+)/.exec(input.KeyConditionExpression);
    const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
    const values = (input.ExpressionAttributeValues ?? {}) as Record<string, unknown>;
    if (m && (names[m[1]!] ?? m[1]) === TABLE_SCHEMA.partitionKey) out.LeadingKey = plain(values[m[2]!]);
  }
  if (Array.isArray(input.TransactItems)) {
    out.TransactItems = (input.TransactItems as Record<string, Record<string, unknown>>[]).map((t) => {
      const [kind, op] = Object.entries(t)[0]!;
      const k = (op.Key ?? op.Item) as Record<string, unknown> | undefined;
      return { kind, TableName: op.TableName, ...(k ? itemKey(k) : {}) };
    });
  }
  if (input.RequestItems && typeof input.RequestItems === 'object')
    out.Tables = Object.keys(input.RequestItems);
  return out;
}

/** An attribute value, plain or marshalled (`{ S: '…' }`), as text. */
const plain = (x: unknown) => String(x && typeof x === 'object' ? Object.values(x)[0] : x);

/** `PK=…, SK=…` of an item or key, and its partition key value (dynamodb:LeadingKeys). */
function itemKey(item: Record<string, unknown>): { Key: string; LeadingKey?: string } {
  const pk = item[TABLE_SCHEMA.partitionKey];
  return {
    Key: [TABLE_SCHEMA.partitionKey, TABLE_SCHEMA.sortKey]
      .filter((k) => item[k] !== undefined)
      .map((k) => `${k}=${plain(item[k])}`)
      .join(', '),
    ...(pk === undefined ? {} : { LeadingKey: plain(pk) }),
  };
}

/** DynamoDB transaction items and the action AWS authorizes each with (there is no TransactWriteItems action). */
const TRANSACT: Record<string, string> = {
  Put: 'dynamodb:PutItem',
  Update: 'dynamodb:UpdateItem',
  Delete: 'dynamodb:DeleteItem',
  ConditionCheck: 'dynamodb:ConditionCheckItem',
  Get: 'dynamodb:GetItem',
};

/**
 * The IAM requests AWS evaluates for one call, per the Service Authorization Reference: a
 * transaction is authorized item by item, a Query on an index against the index's ARN, reading a
 * given object version needs s3:GetObjectVersion, HEAD needs s3:GetObject. An operation not named
 * here maps to `<service>:<operation>`; the evaluator refuses it if IAM has no such action, so a new
 * kind of call fails loudly until it is mapped here.
 */
export function iamRequests(call: AwsCall, where: Where, env: Record<string, string> = {}): IamRequest[] {
  const fromEnv = (v: unknown) =>
    typeof v === 'string' && v.startsWith('$')
      ? (env[v.slice(1)] ?? `<no ${v.slice(1)} in the ${call.fn} function's environment>`)
      : v;
  const i = Object.fromEntries(Object.entries(call.input).map(([k, v]) => [k, fromEnv(v)])) as Record<
    string,
    string | undefined
  > & {
    TransactItems?: { kind: string; TableName: string; Key?: string; LeadingKey?: string }[];
    Tables?: string[];
  };
  const arn = (service: string, rest: string) =>
    `arn:aws:${service}:${where.region}:${where.account}:${rest}`;
  if (call.service === 'dynamodb') {
    const table = (t: string | undefined) => {
      if (!t) throw new Error(`no table in dynamodb:${call.operation} ${JSON.stringify(i)}`);
      return arn('dynamodb', `table/${t}`);
    };
    // The partition key of the item (or of a Query on the table), for policies conditioned on it.
    const leading = (pk?: string) => (pk ? { context: { 'dynamodb:LeadingKeys': [pk] } } : {});
    if (i.TransactItems)
      return i.TransactItems.map((t) => ({
        action: TRANSACT[t.kind] ?? `dynamodb:${t.kind}`,
        resource: table(t.TableName),
        key: t.Key,
        ...leading(t.LeadingKey),
      }));
    if (i.Tables) return i.Tables.map((t) => ({ action: `dynamodb:${call.operation}`, resource: table(t) }));
    const index = i.IndexName ? `/index/${i.IndexName}` : '';
    return [
      {
        action: `dynamodb:${call.operation}`,
        resource: table(i.TableName) + index,
        key: i.Key,
        ...leading(i.LeadingKey),
      },
    ];
  }
  if (call.service === 's3') {
    const object = (bucket?: string, key?: string) => `arn:aws:s3:::${bucket}/${key}`;
    const read = i.VersionId ? 's3:GetObjectVersion' : 's3:GetObject';
    const one = (action: string) => [{ action, resource: object(i.Bucket, i.Key), key: i.Key }];
    switch (call.operation) {
      case 'GetObject':
      case 'HeadObject':
        return one(read);
      case 'PutObject':
      case 'CreateMultipartUpload':
      case 'UploadPart':
      case 'CompleteMultipartUpload':
        return one('s3:PutObject');
      case 'DeleteObject':
        return one(i.VersionId ? 's3:DeleteObjectVersion' : 's3:DeleteObject');
      case 'ListObjectsV2':
      case 'ListObjects':
        return [{ action: 's3:ListBucket', resource: `arn:aws:s3:::${i.Bucket}` }];
      case 'CopyObject': {
        const [src, version] = decodeURIComponent(i.CopySource ?? '').split('?versionId=');
        return [
          ...one('s3:PutObject'),
          {
            action: version ? 's3:GetObjectVersion' : 's3:GetObject',
            resource: `arn:aws:s3:::${src?.replace(/^\//, '')}`,
          },
        ];
      }
      default:
        return i.Key
          ? one(`s3:${call.operation}`)
          : [{ action: `s3:${call.operation}`, resource: `arn:aws:s3:::${i.Bucket}` }];
    }
  }
  // Cognito's admin actions and ListUsers act on the user pool the request names.
  if (call.service === 'cognito-idp' && i.UserPoolId)
    return [
      { action: `cognito-idp:${call.operation}`, resource: arn('cognito-idp', `userpool/${i.UserPoolId}`) },
    ];
  // Other services: the resource is the ARN the request names (SecretId, …Arn).
  const named = Object.values(i).find((v): v is string => typeof v === 'string' && /^(arn:|<)/.test(v));
  const resource = named ?? (i.SecretId ? arn('secretsmanager', `secret:${i.SecretId}`) : undefined);
  if (!resource)
    throw new Error(
      `aws-call-recorder: which resource does ${call.service}:${call.operation} act on? Map it in iamRequests (${JSON.stringify(i)})`,
    );
  return [{ action: `${call.service}:${call.operation}`, resource }];
}
