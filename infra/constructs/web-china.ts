import { Duration, Stack } from 'aws-cdk-lib';
import {
  CfnDistribution,
  Distribution,
  OriginAccessIdentity,
  type IDistribution,
} from 'aws-cdk-lib/aws-cloudfront';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

/** What the portal's distribution in an AWS China region is made of. */
export interface ChinaCdnProps {
  /** The private bucket holding the portal. */
  readonly bucket: IBucket;
  /** Receives CloudFront's standard logs (needs ACLs enabled). */
  readonly logBucket: IBucket;
  /** The ICP-filed domain the portal is served on (CloudFront there serves no *.cloudfront.cn host). */
  readonly domainName: string;
  /** The id of the domain's server certificate in IAM (CloudFront there reads no ACM certificate). */
  readonly iamCertificateId: string;
}

/**
 * The portal's CloudFront distribution in an AWS China region, written at the CloudFormation level
 * because the features the global one uses are not available there (docs/deploy-china.md,
 * "The portal"): an origin access identity instead of origin access control, the legacy cache
 * settings (ForwardedValues) instead of a cache policy, no response headers policy (the CSP goes into
 * index.html instead: {@link withMetaCsp}), HTTP/2, the district's own domain with an IAM server
 * certificate, TLS 1.2 at least.
 */
export function chinaDistribution(
  scope: Construct,
  props: ChinaCdnProps,
): { distribution: IDistribution; cfn: CfnDistribution; oai: OriginAccessIdentity } {
  const stack = Stack.of(scope);
  const oai = new OriginAccessIdentity(scope, 'Oai', { comment: `cepin portal (${stack.stackName})` });
  // Only this identity, and only GetObject: a missing key answers 403, which serves index.html below.
  props.bucket.addToResourcePolicy(
    new PolicyStatement({
      actions: ['s3:GetObject'],
      resources: [props.bucket.arnForObjects('*')],
      principals: [oai.grantPrincipal],
    }),
  );
  const origin = 'portal-bucket';
  const cfn = new CfnDistribution(scope, 'Cdn', {
    distributionConfig: {
      enabled: true,
      comment: `cepin portal (${stack.stackName})`,
      aliases: [props.domainName],
      defaultRootObject: 'index.html',
      httpVersion: 'http2',
      origins: [
        {
          id: origin,
          domainName: props.bucket.bucketRegionalDomainName,
          s3OriginConfig: {
            originAccessIdentity: `origin-access-identity/cloudfront/${oai.originAccessIdentityId}`,
          },
        },
      ],
      defaultCacheBehavior: {
        targetOriginId: origin,
        viewerProtocolPolicy: 'redirect-to-https',
        allowedMethods: ['GET', 'HEAD'],
        cachedMethods: ['GET', 'HEAD'],
        compress: true,
        // Cache-Control comes with each object (immutable assets, no-cache pages).
        forwardedValues: { queryString: false },
      },
      // The SPA's own routes are not objects: serve index.html and let the app route.
      customErrorResponses: [403, 404].map((errorCode) => ({
        errorCode,
        responseCode: 200,
        responsePagePath: '/index.html',
        errorCachingMinTtl: Duration.seconds(10).toSeconds(),
      })),
      logging: { bucket: props.logBucket.bucketRegionalDomainName, prefix: 'cloudfront/' },
      viewerCertificate: {
        iamCertificateId: props.iamCertificateId,
        sslSupportMethod: 'sni-only',
        minimumProtocolVersion: 'TLSv1.2_2021',
      },
    },
  });
  const distribution = Distribution.fromDistributionAttributes(scope, 'CdnRef', {
    distributionId: cfn.ref,
    domainName: cfn.attrDomainName,
  });
  return { distribution, cfn, oai };
}

/**
 * The portal's index.html with its Content-Security-Policy (and referrer policy) as `<meta>`
 * elements, for a distribution without a response headers policy. `frame-ancestors` is left out:
 * browsers ignore it in a meta element.
 */
export function withMetaCsp(html: string, csp: string[]): string {
  const policy = csp.filter((d) => !d.startsWith('frame-ancestors')).join('; ');
  const meta =
    `<meta http-equiv="Content-Security-Policy" content="${policy.replace(/"/g, '&quot;')}" />` +
    '<meta name="referrer" content="strict-origin-when-cross-origin" />';
  // Before anything else in <head>, so it governs every element after it.
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (head)
    return html.slice(0, head.index + head[0].length) + meta + html.slice(head.index + head[0].length);
  const doctype = /^\s*<!doctype html>/i.exec(html);
  const at = doctype ? doctype[0].length : 0;
  return html.slice(0, at) + meta + html.slice(at);
}
