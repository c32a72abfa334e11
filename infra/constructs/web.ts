import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CfnResource, CfnOutput, Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  type IDistribution,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  type IBucket,
} from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { chinaDistribution, withMetaCsp } from './web-china.ts';

/** A district's own domain for the portal, instead of the CloudFront one. */
export type PortalDomain = {
  /** e.g. `cepin.dongcheng.example.gov.cn`; a DNS CNAME to the distribution is the operator's job. */
  readonly domainName: string;
} & (
  | {
      /** An ACM certificate for domainName in us-east-1 (CloudFront only reads certificates there). */
      readonly certificateArn: string;
    }
  | {
      /** China: the id of domainName's server certificate uploaded to IAM (no ACM for CloudFront there). */
      readonly iamCertificateId: string;
    }
);

/** Props of the portal. */
export interface PortalProps {
  /** The built single-page app (index.html, assets/*), normally web/dist. */
  readonly webDir: string;
  /** Served as /config.json; tokens are resolved at deploy time. */
  readonly config: Record<string, unknown>;
  /** Origin of the HTTP API, e.g. `https://abc.execute-api.eu-west-1.amazonaws.com` (token ok). */
  readonly apiOrigin: string;
  /** Host the presigned upload and download URLs point at, `<bucket>.s3.<region>.amazonaws.com` (token ok). */
  readonly uploadBucketDomain: string;
  /** Receives the web bucket's server access logs and CloudFront's standard logs (needs ACLs enabled). */
  readonly logBucket: IBucket;
  /** @default the distribution's `*.cloudfront.net` domain and CloudFront's default certificate */
  readonly domain?: PortalDomain;
  /** Origin of the sign-in service the page calls. @default Cognito's endpoint in the stack's region */
  readonly signInOrigin?: string;
  /**
   * Served from an AWS China region: CloudFront there takes only the district's ICP-filed domain with
   * an IAM certificate, and none of origin access control, cache and response headers policies
   * (web-china.ts). @default false
   */
  readonly china?: boolean;
}

const IMMUTABLE = [CacheControl.fromString('public, max-age=31536000, immutable')];
const NO_CACHE = [CacheControl.noCache()];

/**
 * The web portal: the single-page app in a private bucket, served by CloudFront through origin
 * access control with security headers (a CSP naming the API, the upload bucket and the sign-in
 * service as the only hosts the page may call), plus the /config.json that points the app at this
 * district. In an AWS China region the distribution is the one web-china.ts builds, and the CSP is
 * a meta element of index.html.
 * Hashed assets are cached for a year and never pruned (an old index.html may still ask for them);
 * index.html and config.json are revalidated on every load and invalidated on each deploy.
 */
export class Portal extends Construct {
  public readonly bucket: Bucket;
  public readonly distribution: IDistribution;
  /** The security headers; in China the CSP is a meta element of index.html instead (none here). */
  public readonly headers?: ResponseHeadersPolicy;
  /** `https://<domain>`: the portal's origin, as browsers send it in the Origin header. */
  public readonly origin: string;

  constructor(scope: Construct, id: string, props: PortalProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.bucket = new Bucket(this, 'Site', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: props.logBucket,
      serverAccessLogsPrefix: 'web/',
    });

    const csp = [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      `connect-src 'self' ${props.apiOrigin} https://${props.uploadBucketDomain} ${props.signInOrigin ?? `https://cognito-idp.${stack.region}.${stack.urlSuffix}`}`,
      "frame-ancestors 'none'",
      "base-uri 'self'",
      "form-action 'self'",
    ];
    const domain = props.domain;
    let cdn: Construct;
    if (props.china) {
      if (!domain || !('iamCertificateId' in domain))
        throw new Error('a portal in an AWS China region needs its own domain and an IAM certificate id');
      const china = chinaDistribution(this, {
        bucket: this.bucket,
        logBucket: props.logBucket,
        domainName: domain.domainName,
        iamCertificateId: domain.iamCertificateId,
      });
      this.distribution = china.distribution;
      cdn = china.cfn;
    } else {
      const d = this.globalDistribution(props, csp.join('; '));
      this.headers = d.headers;
      this.distribution = d.distribution;
      cdn = d.distribution;
    }
    this.origin = `https://${domain ? domain.domainName : this.distribution.distributionDomainName}`;

    // Hashed assets first (never pruned), then index.html, config.json and any other top-level
    // file, which prune stale top-level files but leave assets/ alone, and invalidate the cache.
    const assetsDir = join(props.webDir, 'assets');
    const assets = existsSync(assetsDir)
      ? new BucketDeployment(this, 'DeployAssets', {
          sources: [Source.asset(assetsDir)],
          destinationBucket: this.bucket,
          destinationKeyPrefix: 'assets/',
          cacheControl: IMMUTABLE,
          prune: false,
        })
      : undefined;
    const index = props.china
      ? [Source.data('index.html', withMetaCsp(readFileSync(join(props.webDir, 'index.html'), 'utf8'), csp))]
      : [];
    const pages = new BucketDeployment(this, 'DeployPages', {
      sources: [
        Source.asset(props.webDir, {
          exclude: ['assets', 'config.json', ...(props.china ? ['index.html'] : [])],
        }),
        ...index,
        Source.jsonData('config.json', props.config),
      ],
      destinationBucket: this.bucket,
      exclude: ['assets/*'],
      cacheControl: NO_CACHE,
      prune: true,
      distribution: this.distribution,
      distributionPaths: ['/*'],
    });
    if (assets) pages.node.addDependency(assets);
    // aws-cdk-lib runs its copy function on arm64; in China on x86_64, the architecture sure to be there.
    if (props.china)
      ((pages.handlerRole.node.scope as Construct).node.defaultChild as CfnResource).addPropertyOverride(
        'Architectures',
        ['x86_64'],
      );

    new CfnOutput(this, 'PortalUrl', {
      key: 'PortalUrl',
      value: this.origin,
      description: 'The web portal; users sign in here',
    });
    if (domain)
      new CfnOutput(this, 'PortalCname', {
        key: 'PortalCname',
        value: this.distribution.distributionDomainName,
        description: `Where the DNS CNAME of ${domain.domainName} points`,
      });
    this.acknowledge(pages, cdn, !!domain, !!props.china);
  }

  /** Outside China: CloudFront with origin access control and a response headers policy. */
  private globalDistribution(
    props: PortalProps,
    csp: string,
  ): { distribution: Distribution; headers: ResponseHeadersPolicy } {
    const stack = Stack.of(this);
    const headers = new ResponseHeadersPolicy(this, 'Headers', {
      comment: 'cepin portal security headers',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: csp, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
      },
    });

    // The SPA's own routes (e.g. /rounds/…) are not objects: S3 answers 403 through OAC, so serve
    // index.html and let the app route.
    const spaFallback = [403, 404].map((httpStatus) => ({
      httpStatus,
      responseHttpStatus: 200,
      responsePagePath: '/index.html',
      ttl: Duration.seconds(10),
    }));
    const domain = props.domain;
    const distribution = new Distribution(this, 'Cdn', {
      comment: `cepin portal (${stack.stackName})`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: headers,
        compress: true,
      },
      errorResponses: spaFallback,
      httpVersion: HttpVersion.HTTP2_AND_3,
      // 200 includes the Asian edge locations (Hong Kong, Japan, Singapore…) nearest the users.
      priceClass: PriceClass.PRICE_CLASS_200,
      enableLogging: true,
      logBucket: props.logBucket,
      logFilePrefix: 'cloudfront/',
      ...(domain && 'certificateArn' in domain
        ? {
            domainNames: [domain.domainName],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', domain.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    });
    return { distribution, headers };
  }

  /** cdk-nag findings the portal accepts, each with its reason. */
  private acknowledge(
    deployment: BucketDeployment,
    distribution: Construct,
    ownDomain: boolean,
    china: boolean,
  ): void {
    const cdn = Validations.of(distribution);
    cdn.acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'The portal serves district archive staff; whether to geo-block is the district’s decision, and sign-in is required for every API call',
    });
    cdn.acknowledge({
      id: 'AwsSolutions-CFR2',
      reason:
        'WAF is an optional cost: the portal is static files, and the API behind it has its own throttling and a JWT authorizer',
    });
    if (china)
      cdn.acknowledge({
        id: 'AwsSolutions-CFR7',
        reason:
          'Origin access control is not available in the AWS China regions (docs/deploy-china.md); an origin access identity, the only principal the bucket policy admits, reads the portal bucket',
      });
    if (!ownDomain)
      cdn.acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'The default *.cloudfront.net certificate cannot set a minimum TLS version; a district with its own domain passes a certificate and gets TLSv1.2_2021',
      });
    // BucketDeployment's handler is a singleton function of aws-cdk-lib (one per stack, shared by
    // both deployments); acknowledge on its role and function only.
    const role = deployment.handlerRole;
    const handler = role.node.scope as Construct;
    const site = Stack.of(this).resolve((this.bucket.node.defaultChild as CfnBucket).logicalId) as string;
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        'AWSLambdaBasicExecutionRole (CloudWatch Logs only) on the role aws-cdk-lib creates for its BucketDeployment handler',
    });
    const copy =
      'aws-cdk-lib’s BucketDeployment handler syncs the deployment zips from the CDK asset bucket into the portal bucket (read, list, write, prune)';
    for (const finding of [
      'Action::s3:GetObject*',
      'Action::s3:GetBucket*',
      'Action::s3:List*',
      'Action::s3:DeleteObject*',
      'Action::s3:Abort*',
      // The CDK asset bucket is named after the stack's region: literal when the district file gives one.
      `Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${Token.isUnresolved(Stack.of(this).region) ? '<AWS::Region>' : Stack.of(this).region}/*`,
      `Resource::<${site}.Arn>/*`,
    ])
      Validations.of(role).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason: copy });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'cloudfront:CreateInvalidation and GetInvalidation, which aws-cdk-lib’s BucketDeployment grants on * to invalidate the portal after a deploy',
    });
    Validations.of(handler.node.defaultChild ?? handler).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'The Python runtime of aws-cdk-lib’s BucketDeployment handler is chosen by aws-cdk-lib',
    });
  }
}
