import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../../shared/api/routes.ts';
import { buildApp } from '../../../infra/app.ts';
import { DistrictSchema } from '../../../infra/district.ts';
import type { DistrictStack } from '../../../infra/district-stack.ts';

/**
 * The sample Beijing district (infra/districts/chaoyang.json) as `npx cdk synth` builds it: an aws-cn
 * template with the district's own OpenID Connect provider behind the API and no Cognito
 * (docs/deploy-china.md). Expected values come from the district file itself and from AWS's China
 * documentation, never from the constructs.
 */
const FILE = JSON.parse(readFileSync('infra/districts/chaoyang.json', 'utf8')) as {
  region: string;
  identity: { issuer: string; audience: string; clientId: string };
  portal: { domainName: string; iamCertificateId: string };
};
const context = { 'aws:cdk:bundling-stacks': [], '@aws-cdk/core:validateAgainstDefaultRules': true };

let tmp: string;
let assembly: CloudAssembly;
let stack: DistrictStack;
let china: Template;
let json: string;
let dongcheng: Template;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'cepin-china-'));
  const webDir = join(tmp, 'dist');
  mkdirSync(join(webDir, 'assets'), { recursive: true });
  writeFileSync(
    join(webDir, 'index.html'),
    '<!doctype html><html><head><title>cepin</title></head><body><script type="module" src="/assets/a.js"></script></body></html>',
  );
  writeFileSync(join(webDir, 'assets', 'a.js'), 'console.log(1)');
  // All three districts, with cdk-nag, as the CDK app runs: synth throws on any unacknowledged finding.
  const app = buildApp(new App({ context }), { webDir });
  assembly = app.synth();
  stack = app.node.findChild('Cepin-chaoyang') as DistrictStack;
  china = Template.fromStack(stack);
  json = JSON.stringify(china.toJSON());
  dongcheng = Template.fromStack(app.node.findChild('Cepin-dongcheng') as Stack);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Every value in a template, depth first. */
function* walk(v: unknown): Generator<unknown> {
  yield v;
  if (Array.isArray(v)) for (const x of v) yield* walk(x);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) yield* walk(x);
}
/** A file the portal deployment puts in the bucket, and its deploy-time markers (marker -> value). */
const deployedFile = (name: string): { text: string; markers: Record<string, unknown> } => {
  const pages = Object.values(china.findResources('Custom::CDKBucketDeployment'))
    .map((r) => r.Properties)
    .find((p) => p.Prune === true);
  for (const [i, key] of (pages.SourceObjectKeys as string[]).entries()) {
    const file = join(assembly.directory, `asset.${key.replace(/\.zip$/, '')}`, name);
    if (existsSync(file))
      return { text: readFileSync(file, 'utf8'), markers: pages.SourceMarkers[i] as Record<string, unknown> };
  }
  throw new Error(`${name} is deployed by no source`);
};

describe('a district in AWS China (Beijing)', () => {
  it('is synthesized for cn-north-1 by the plain CDK app, with zero unacknowledged cdk-nag findings', () => {
    expect(FILE.region).toBe('cn-north-1');
    expect(stack.region).toBe('cn-north-1');
    const artifact = assembly.getStackByName('Cepin-chaoyang');
    expect(artifact.environment.region).toBe('cn-north-1');
  });

  it('hard-codes no aws partition: every ARN takes AWS::Partition (aws-cn there) or says aws-cn', () => {
    expect([...json.matchAll(/arn:aws:[^"]*/g)].map((m) => m[0])).toEqual([]);
    let built = 0;
    for (const v of walk(china.toJSON())) {
      if (typeof v === 'string' && v.includes('arn:')) {
        // A literal ARN is only ever an aws-cn one…
        if (!v.endsWith('arn:')) expect(v).toMatch(/(^|[^a-z])arn:aws-cn:/);
      }
      const o = v as Record<string, unknown> | null;
      if (o && typeof o === 'object' && !Array.isArray(o) && 'Fn::Join' in o) {
        const parts = (o['Fn::Join'] as [string, unknown[]])[1];
        parts.forEach((p, i) => {
          // …and an ARN put together names the partition right after "arn:".
          if (typeof p === 'string' && p.endsWith('arn:')) {
            expect(parts[i + 1]).toEqual({ Ref: 'AWS::Partition' });
            built++;
          }
        });
      }
      if (o && typeof o === 'object' && !Array.isArray(o) && typeof o['Fn::Sub'] === 'string') {
        for (const m of (o['Fn::Sub'] as string).matchAll(/arn:([^:]*):/g))
          expect(m[1]).toMatch(/^(\$\{AWS::Partition\}|aws-cn)$/);
      }
    }
    expect(built).toBeGreaterThan(10);
    // amazonaws.com appears only as service principals (the same in every partition); hosts take
    // AWS::URLSuffix (amazonaws.com.cn there).
    const hosts = [...json.matchAll(/"([^"]*amazonaws\.com[^"]*)"/g)].map((m) => m[1]!);
    expect(hosts.length).toBeGreaterThan(0);
    for (const h of hosts) expect(h).toMatch(/^[a-z0-9-]+\.amazonaws\.com$/);
  });

  it('has no Cognito at all', () => {
    expect(
      Object.values(china.toJSON().Resources).map((r) => (r as { Type: string }).Type),
    ).not.toContainEqual(expect.stringMatching(/^AWS::Cognito::/));
    expect(json.match(/[^"]*cognito[^"]*/gi) ?? []).toEqual([]);
  });

  it('puts a JWT authorizer with the district file’s issuer and audience on every route', () => {
    const authorizers = china.findResources('AWS::ApiGatewayV2::Authorizer');
    expect(Object.keys(authorizers)).toHaveLength(1);
    const [id, authorizer] = Object.entries(authorizers)[0]!;
    expect(authorizer.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: FILE.identity.issuer, Audience: [FILE.identity.audience] },
    });
    const routes = Object.values(china.findResources('AWS::ApiGatewayV2::Route'));
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual([...ROUTES].sort());
    for (const r of routes)
      expect(r.Properties).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: id } });
  });

  it('tells the functions to trust no role claim of the provider, and runs them on x86_64 with Node.js 22', () => {
    const fns = Object.values(china.findResources('AWS::Lambda::Function'));
    const ours = fns.filter((f) => f.Properties.Environment?.Variables?.CEPIN_TABLE);
    expect(ours).toHaveLength(3);
    for (const f of ours) {
      expect(f.Properties.Environment.Variables.CEPIN_IDENTITY).toBe('oidc');
      // The directory decides who a sign-in is: the file's issuer and bind claim (chaoyang.json).
      expect(f.Properties.Environment.Variables).toMatchObject({
        CEPIN_OIDC_ISSUER: 'https://id.chaoyang.example.gov.cn',
        CEPIN_OIDC_BIND_BY: 'phone_number',
      });
      expect(f.Properties).toMatchObject({ Architectures: ['x86_64'], Runtime: 'nodejs22.x' });
    }
    // aws-cdk-lib's own functions too: nothing asks for arm64 there.
    for (const f of fns) expect(f.Properties.Architectures ?? ['x86_64']).toEqual(['x86_64']);
  });

  it('serves the portal on the district’s ICP-filed domain with its IAM certificate, without the features CloudFront lacks there', () => {
    const dists = Object.values(china.findResources('AWS::CloudFront::Distribution'));
    expect(dists).toHaveLength(1);
    const config = dists[0]!.Properties.DistributionConfig;
    expect(config.Aliases).toEqual([FILE.portal.domainName]);
    expect(config.ViewerCertificate).toEqual({
      IamCertificateId: FILE.portal.iamCertificateId,
      SslSupportMethod: 'sni-only',
      MinimumProtocolVersion: 'TLSv1.2_2021',
    });
    expect(config.DefaultCacheBehavior.CachePolicyId).toBeUndefined();
    expect(config.DefaultCacheBehavior.ResponseHeadersPolicyId).toBeUndefined();
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.Origins[0].S3OriginConfig.OriginAccessIdentity).toBeDefined();
    expect(config.Origins[0].OriginAccessControlId).toBeUndefined();
    for (const type of [
      'AWS::CloudFront::OriginAccessControl',
      'AWS::CloudFront::CachePolicy',
      'AWS::CloudFront::ResponseHeadersPolicy',
    ])
      expect(china.findResources(type)).toEqual({});
    expect(china.findOutputs('PortalUrl').PortalUrl!.Value).toBe(`https://${FILE.portal.domainName}`);
    const [cdnId] = Object.keys(china.findResources('AWS::CloudFront::Distribution'));
    expect(china.findOutputs('PortalCname').PortalCname!.Value).toEqual({
      'Fn::GetAtt': [cdnId, 'DomainName'],
    });
    // Only that origin may call the API.
    china.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: { AllowOrigins: [`https://${FILE.portal.domainName}`] },
    });
  });

  it('keeps the portal’s CSP, as a meta element of index.html, naming the provider instead of Cognito', () => {
    const html = deployedFile('index.html').text;
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1];
    expect(csp).toBeDefined();
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<title>'));
    const connect = csp!.split('; ').find((d) => d.startsWith('connect-src'))!;
    expect(connect).toContain(' https://id.chaoyang.example.gov.cn');
    expect(connect).not.toContain('cognito');
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    // Browsers ignore frame-ancestors in a meta element: it is left out rather than pretended.
    expect(csp).not.toContain('frame-ancestors');
  });

  it('points the portal at the provider (issuer and client id) in /config.json, with no user pool client', () => {
    const { text, markers } = deployedFile('config.json');
    const config = JSON.parse(text, (_k, v: unknown) =>
      typeof v === 'string' && v in markers ? markers[v] : v,
    ) as Record<string, unknown>;
    expect(config).toMatchObject({
      mode: 'oidc',
      identity: { kind: 'oidc', issuer: FILE.identity.issuer, clientId: FILE.identity.clientId },
      district: 'chaoyang',
    });
    expect(config.userPoolClientId).toBeUndefined();
  });

  it('leaves the Cognito districts as they were: a user pool, no identity flag, arm64', () => {
    expect(Object.keys(dongcheng.findResources('AWS::Cognito::UserPool'))).toHaveLength(1);
    for (const f of Object.values(dongcheng.findResources('AWS::Lambda::Function')).filter(
      (f) => f.Properties.Environment?.Variables?.CEPIN_TABLE,
    )) {
      expect(f.Properties.Environment.Variables.CEPIN_IDENTITY).toBeUndefined();
      expect(f.Properties.Environment.Variables.CEPIN_OIDC_ISSUER).toBeUndefined();
      expect(f.Properties.Architectures).toEqual(['arm64']);
    }
  });
});

describe('a China district file', () => {
  const base = {
    code: 'haidian',
    name: { zh: '海淀区', en: 'Haidian District' },
    rules: 'municipal-sample',
    adminEmail: 'a@haidian.example.gov.cn',
    region: 'cn-north-1',
    identity: {
      kind: 'oidc',
      issuer: 'https://id.haidian.example.gov.cn',
      audience: 'cepin',
      clientId: 'cepin-portal',
      bindBy: 'email',
    },
    portal: { domainName: 'cepin.haidian.example.gov.cn', iamCertificateId: 'ASCAEXAMPLE0000000001' },
  };
  const problems = (v: unknown) => {
    const r = DistrictSchema.safeParse(v);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('is accepted with an OIDC identity and an ICP domain with an IAM certificate, in Beijing or Ningxia', () => {
    expect(problems(base)).toEqual([]);
    expect(problems({ ...base, region: 'cn-northwest-1' })).toEqual([]);
  });

  it('is refused with Cognito, or with no identity, saying user pools do not exist there', () => {
    const message =
      'identity: Cognito user pools do not exist in cn-north-1: give an identity of kind "oidc" (issuer, audience, clientId, bindBy)';
    expect(problems({ ...base, identity: { kind: 'cognito' } })).toEqual([message]);
    const { identity: _, ...none } = base;
    expect(problems(none)).toEqual([message]);
  });

  it.each([
    ['a plain-http issuer', 'http://id.haidian.example.gov.cn'],
    ['an issuer that is no URL', 'id.haidian.example.gov.cn'],
  ])('is refused with %s', (_n, issuer) => {
    expect(problems({ ...base, identity: { ...base.identity, issuer } })).toEqual([
      'identity.issuer: the issuer must be an https URL',
    ]);
  });

  it('is refused without its own domain, or with an ACM certificate, which CloudFront there cannot use', () => {
    const { portal: _, ...noPortal } = base;
    expect(problems(noPortal)).toEqual([
      'portal: CloudFront in cn-north-1 serves only an ICP-filed domain of your own: give portal.domainName and portal.iamCertificateId',
    ]);
    expect(
      problems({
        ...base,
        portal: {
          domainName: 'cepin.haidian.example.gov.cn',
          certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
        },
      }),
    ).toEqual([
      'portal: CloudFront in cn-north-1 cannot use ACM certificates: upload the certificate to IAM and give portal.iamCertificateId',
    ]);
  });

  it('keeps IAM certificate ids out of districts outside China, and Cognito their default', () => {
    const { identity: _, ...rest } = base;
    expect(problems({ ...rest, region: 'eu-west-1' })).toEqual([
      'portal: portal.iamCertificateId is for China regions; elsewhere give an ACM certificateArn in us-east-1',
    ]);
    const { portal: __, ...plain } = rest;
    expect(problems({ ...plain, region: 'eu-west-1' })).toEqual([]);
  });
});
