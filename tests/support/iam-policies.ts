import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { LocalFunction } from '../../shared/local/stack.ts';
import type { IamRequest, Where } from './aws-call-recorder.ts';

/**
 * The IAM side of the replay check: each function's role policies as the synthesized CloudFormation
 * template states them, with every Ref / Fn::GetAtt / Fn::Join / Fn::Sub resolved to placeholder
 * names (a fixed account and region; the table and bucket named as the local stack names them, via
 * the function's environment variables), evaluated by @cloud-copilot/iam-simulate.
 */

type Json = Record<string, unknown>;
type Resource = { Type: string; Properties?: Json };
/** A CloudFormation template (the parts read here). */
export interface CfnTemplate {
  Resources: Record<string, Resource>;
}
type Statement = { Effect: string; Action?: string | string[]; Resource?: string | string[] };
type PolicyDocument = { Version?: string; Statement: Statement[] };

/** One function's role: its policies and the calls the Lambda service makes with it. */
export interface FunctionPolicy {
  fn: LocalFunction;
  roleArn: string;
  /** Its environment variables, resolved (what `$NAME` in a recorded call stands for). */
  env: Record<string, string>;
  policies: { name: string; policy: PolicyDocument }[];
  /** Made by Lambda itself with the role: writing the function's logs, polling its SQS event source. */
  platform: IamRequest[];
}

/** What the replay evaluates against: each function's role, and the bucket policies by bucket ARN. */
export interface StackPolicies {
  functions: Record<LocalFunction, FunctionPolicy>;
  bucketPolicies: Record<string, PolicyDocument>;
}

const ref = (v: unknown) => (v && typeof v === 'object' && 'Ref' in v ? String(v.Ref) : undefined);

/** Resolves intrinsic functions with placeholder physical names (`names` by logical id, else the id). */
function resolver(t: CfnTemplate, names: Record<string, string>, where: Where) {
  const pseudo: Record<string, string> = {
    'AWS::Partition': 'aws',
    'AWS::Region': where.region,
    'AWS::AccountId': where.account,
    'AWS::URLSuffix': 'amazonaws.com',
  };
  const res = (id: string) => {
    const r = t.Resources[id];
    if (!r) throw new Error(`template: no resource ${id}`);
    return r;
  };
  const arn = (service: string, rest: string) =>
    `arn:aws:${service}:${where.region}:${where.account}:${rest}`;
  const nameOf = (id: string): string => {
    const p = res(id).Properties ?? {};
    const declared = p.TableName ?? p.QueueName ?? p.LogGroupName ?? p.BucketName ?? p.Name;
    return names[id] ?? (declared === undefined ? id : String(resolve(declared)));
  };
  const getAtt = (id: string, attr: string): string => {
    const type = res(id).Type;
    if (attr === 'Arn') {
      if (/^AWS::DynamoDB::(Global)?Table$/.test(type)) return arn('dynamodb', `table/${nameOf(id)}`);
      if (type === 'AWS::S3::Bucket') return `arn:aws:s3:::${nameOf(id)}`;
      if (type === 'AWS::Logs::LogGroup') return arn('logs', `log-group:${nameOf(id)}:*`);
      if (type === 'AWS::SQS::Queue') return arn('sqs', nameOf(id));
      if (type === 'AWS::IAM::Role') return `arn:aws:iam::${where.account}:role/${nameOf(id)}`;
      if (type === 'AWS::Cognito::UserPool') return arn('cognito-idp', `userpool/${nameOf(id)}`);
    }
    throw new Error(
      `template: cannot resolve Fn::GetAtt ${id}.${attr} (${type}); teach tests/support/iam-policies.ts`,
    );
  };
  const resolve = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(resolve);
    if (!v || typeof v !== 'object') return v;
    const o = v as Json;
    const [fn] = Object.keys(o);
    if (fn === 'Ref' && Object.keys(o).length === 1) {
      const id = String(o.Ref);
      if (id in pseudo) return pseudo[id];
      // A secret's Ref is its ARN (with the 6-character suffix Secrets Manager adds).
      if (res(id).Type === 'AWS::SecretsManager::Secret')
        return arn('secretsmanager', `secret:${nameOf(id)}-AbCdEf`);
      return nameOf(id);
    }
    if (fn === 'Fn::GetAtt') {
      const a = o[fn] as string[] | string;
      const [id, attr] = Array.isArray(a) ? a : a.split('.');
      return getAtt(id!, attr!);
    }
    if (fn === 'Fn::Join') {
      const [sep, parts] = o[fn] as [string, unknown[]];
      return parts.map(resolve).join(sep);
    }
    if (fn === 'Fn::Sub' && typeof o[fn] === 'string')
      return (o[fn] as string).replace(/\$\{([^}]+)\}/g, (_m, x: string) =>
        String(x.includes('.') ? getAtt(x.split('.')[0]!, x.split('.')[1]!) : resolve({ Ref: x })),
      );
    if (fn?.startsWith('Fn::'))
      throw new Error(`template: cannot resolve ${fn}; teach tests/support/iam-policies.ts`);
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, resolve(x)]));
  };
  return resolve;
}

/**
 * Each function's role and the bucket policies, from a synthesized template. `functionIds` are the
 * logical ids of the Lambda functions; `config` is what the local stack runs with: an environment
 * variable of a function that is a `Ref` (CEPIN_TABLE, CEPIN_BUCKET…) names that resource as the
 * local stack does, so recorded calls and policies speak of the same table and bucket.
 */
export function stackPolicies(
  t: CfnTemplate,
  functionIds: Record<LocalFunction, string>,
  config: Record<string, unknown>,
  where: Where,
): StackPolicies {
  const names: Record<string, string> = {};
  for (const id of Object.values(functionIds)) {
    const vars = (t.Resources[id]?.Properties?.Environment as { Variables?: Json } | undefined)?.Variables;
    for (const [k, v] of Object.entries(vars ?? {})) {
      const target = ref(v);
      if (target && typeof config[k] === 'string') names[target] = config[k];
    }
  }
  const resolve = resolver(t, names, where);
  const entries = Object.entries(t.Resources);
  const functions = {} as Record<LocalFunction, FunctionPolicy>;
  for (const [fn, id] of Object.entries(functionIds) as [LocalFunction, string][]) {
    const p = t.Resources[id]!.Properties!;
    const roleId = (p.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]!;
    const role = t.Resources[roleId]!.Properties ?? {};
    if (role.ManagedPolicyArns)
      throw new Error(
        `${fn}: managed policies cannot be evaluated here: ${JSON.stringify(role.ManagedPolicyArns)}`,
      );
    const policies = [
      ...((role.Policies as { PolicyName: string; PolicyDocument: unknown }[] | undefined) ?? []).map(
        (x) => ({
          name: `${roleId}/${x.PolicyName}`,
          policy: resolve(x.PolicyDocument) as PolicyDocument,
        }),
      ),
      ...entries
        .filter(([, r]) => /^AWS::IAM::(Policy|ManagedPolicy)$/.test(r.Type))
        .filter(([, r]) => ((r.Properties?.Roles as unknown[]) ?? []).some((x) => ref(x) === roleId))
        .map(([pid, r]) => ({ name: pid, policy: resolve(r.Properties!.PolicyDocument) as PolicyDocument })),
    ];
    const logGroup = resolve((p.LoggingConfig as Json | undefined)?.LogGroup ?? `/aws/lambda/${id}`);
    const stream = `arn:aws:logs:${where.region}:${where.account}:log-group:${String(logGroup)}:log-stream:2026/01/01/[$LATEST]0123abcd`;
    const queues = entries
      .filter(
        ([, r]) => r.Type === 'AWS::Lambda::EventSourceMapping' && ref(r.Properties?.FunctionName) === id,
      )
      .map(([, r]) => String(resolve(r.Properties!.EventSourceArn)));
    const vars = (p.Environment as { Variables?: Json } | undefined)?.Variables ?? {};
    functions[fn] = {
      fn,
      roleArn: String(resolve({ 'Fn::GetAtt': [roleId, 'Arn'] })),
      env: Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, String(resolve(v))])),
      policies,
      platform: [
        ...['logs:CreateLogStream', 'logs:PutLogEvents'].map((action) => ({ action, resource: stream })),
        // What Lambda's SQS event source needs (Lambda developer guide, "Execution role permissions").
        ...queues.flatMap((q) =>
          ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'].map((action) => ({
            action,
            resource: q,
          })),
        ),
      ],
    };
  }
  const bucketPolicies: Record<string, PolicyDocument> = {};
  for (const [, r] of entries.filter(([, x]) => x.Type === 'AWS::S3::BucketPolicy')) {
    const bucket = String(resolve(r.Properties!.Bucket));
    bucketPolicies[`arn:aws:s3:::${bucket}`] = resolve(r.Properties!.PolicyDocument) as PolicyDocument;
  }
  return { functions, bucketPolicies };
}

/** IAM's verdict on one request: Allowed, ImplicitlyDenied, ExplicitlyDenied, or why it could not be evaluated. */
export async function evaluate(
  f: FunctionPolicy,
  r: IamRequest,
  bucketPolicies: StackPolicies['bucketPolicies'],
  where: Where,
): Promise<string> {
  const bucket = r.resource.startsWith('arn:aws:s3:::') ? r.resource.replace(/\/.*$/, '') : undefined;
  const out = await runSimulation(
    {
      request: {
        principal: f.roleArn,
        action: r.action,
        resource: { resource: r.resource, accountId: where.account },
        // The SDK and Lambda call AWS over TLS (the buckets deny anything else).
        contextVariables: { 'aws:SecureTransport': 'true', ...r.context },
      },
      identityPolicies: f.policies,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: bucket ? bucketPolicies[bucket] : undefined,
    },
    {},
  );
  if (out.resultType === 'error') return `not evaluated: ${out.errors.message} ${JSON.stringify(out.errors)}`;
  return out.overallResult;
}

const glob = (pattern: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
const list = (x: string | string[] | undefined) => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

/** `action on resource` of each Allow statement of a role that no allowed request used. */
export function unusedGrants(f: FunctionPolicy, allowed: IamRequest[]): string[] {
  const out: string[] = [];
  for (const { policy } of f.policies)
    for (const s of policy.Statement.filter((x) => x.Effect === 'Allow'))
      for (const action of list(s.Action))
        for (const resource of list(s.Resource))
          if (!allowed.some((r) => glob(action).test(r.action) && glob(resource).test(r.resource)))
            out.push(`${action} on ${resource}`);
  return out;
}

/** A copy of a role's policies without any grant of one action (statements and policies left empty are dropped). */
export function withoutAction(f: FunctionPolicy, action: string): FunctionPolicy {
  const policies = f.policies.map(({ name, policy }) => ({
    name,
    policy: {
      ...policy,
      Statement: policy.Statement.map((s) => ({
        ...s,
        Action: list(s.Action).filter((a) => s.Effect !== 'Allow' || !glob(a).test(action)),
      })).filter((s) => s.Action.length > 0),
    },
  }));
  return { ...f, policies: policies.filter((p) => p.policy.Statement.length > 0) };
}
