import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';

/** Whether a region is one of AWS's China regions (the `aws-cn` partition: Beijing, Ningxia). */
export function isChinaRegion(region: string | undefined): boolean {
  return !!region && region.startsWith('cn-');
}

/** Who signs people in: the district's own Cognito user pool (default outside China)… */
const CognitoIdentity = z.object({ kind: z.literal('cognito') }).strict();
/** …or the district's own OpenID Connect provider, trusted by the API's JWT authorizer. */
const OidcIdentity = z
  .object({
    kind: z.literal('oidc'),
    /** The provider's issuer, exactly as its tokens' `iss` claim (https, no trailing slash needed). */
    issuer: z.url({ protocol: /^https$/, message: 'the issuer must be an https URL' }),
    /** What the API's authorizer requires in the token's `aud` (or `client_id`) claim. */
    audience: z.string().min(1),
    /** The portal's client id at the provider (public client, authorization code with PKCE). */
    clientId: z.string().min(1),
    /** The claim by which a person in the directory is bound to their first sign-in. */
    bindBy: z.enum(['email', 'phone_number', 'preferred_username']),
  })
  .strict();
export const IdentitySchema = z.discriminatedUnion('kind', [CognitoIdentity, OidcIdentity]);
export type Identity = z.infer<typeof IdentitySchema>;

/** The portal's own domain, with its certificate where CloudFront reads it in that partition. */
const PortalSchema = z.union([
  z
    .object({
      domainName: z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/),
      /** An ACM certificate in us-east-1, as CloudFront requires outside China. */
      certificateArn: z.string().regex(/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]+$/),
    })
    .strict(),
  z
    .object({
      domainName: z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/),
      /** China: the id of a server certificate uploaded to IAM (CloudFront there reads no ACM certificate). */
      iamCertificateId: z.string().regex(/^[A-Z0-9]{16,128}$/, 'an IAM server certificate id such as ASCA…'),
    })
    .strict(),
]);

/** A district deployment, as data: one file per district in infra/districts/. */
export const DistrictSchema = z
  .object({
    /** Lower-case code; the stack is `Cepin-<code>`. */
    code: z.string().regex(/^[a-z][a-z0-9-]{1,30}$/),
    name: z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict(),
    /** The rule set id the district uses (a file in templates/rules). */
    rules: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    /** Where alarms go. */
    adminEmail: z.email(),
    account: z
      .string()
      .regex(/^\d{12}$/)
      .optional(),
    /** e.g. eu-west-1; cn-north-1 (Beijing) or cn-northwest-1 (Ningxia) deploy to the aws-cn partition. */
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/)
      .optional(),
    /** @default { kind: 'cognito' } outside China; required (and oidc) in China. */
    identity: IdentitySchema.optional(),
    /** The portal's own domain. @default the CloudFront domain (outside China only). */
    portal: PortalSchema.optional(),
  })
  .strict()
  .superRefine((d, ctx) => {
    const problem = (path: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [path], message });
    if (isChinaRegion(d.region)) {
      if (d.identity?.kind !== 'oidc')
        problem(
          'identity',
          `Cognito user pools do not exist in ${d.region}: give an identity of kind "oidc" (issuer, audience, clientId, bindBy)`,
        );
      if (!d.portal)
        problem(
          'portal',
          `CloudFront in ${d.region} serves only an ICP-filed domain of your own: give portal.domainName and portal.iamCertificateId`,
        );
      else if (!('iamCertificateId' in d.portal))
        problem(
          'portal',
          `CloudFront in ${d.region} cannot use ACM certificates: upload the certificate to IAM and give portal.iamCertificateId`,
        );
    } else if (d.portal && 'iamCertificateId' in d.portal) {
      problem(
        'portal',
        'portal.iamCertificateId is for China regions; elsewhere give an ACM certificateArn in us-east-1',
      );
    }
  });
export type District = z.infer<typeof DistrictSchema>;

/** The district's identity: as its file says, or its own Cognito user pool. */
export function identityOf(d: District): Identity {
  return d.identity ?? { kind: 'cognito' };
}

/** Loads and validates every district file; throws naming the file and field of any problem. */
export function loadDistricts(dir: string): District[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const r = DistrictSchema.safeParse(JSON.parse(readFileSync(join(dir, f), 'utf8')));
      if (!r.success)
        throw new Error(`${f}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      if (`${r.data.code}.json` !== f)
        throw new Error(`${f}: code "${r.data.code}" must match the file name`);
      return r.data;
    });
}
