import * as z from 'zod';
import { BIND_CLAIMS } from './domain/people.ts';

/**
 * The configuration every handler and the local stack share, from environment variables. Parsed
 * once at start-up; a missing or malformed variable fails loudly, naming every problem.
 */
export const ConfigSchema = z.object({
  CEPIN_DISTRICT: z.string().regex(/^[a-z0-9-]{2,40}$/, 'a district code such as dongcheng'),
  /** The district's display name for documents (e.g. 东城区); defaults to the code. */
  CEPIN_DISTRICT_NAME: z.string().min(1).optional(),
  CEPIN_TABLE: z.string().min(3),
  CEPIN_BUCKET: z.string().min(3),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  /**
   * Who signs people in: the district's Cognito user pool, whose claims name role and ref, or its own
   * OpenID Connect provider (`oidc`), whose claims the API does not trust for either.
   */
  CEPIN_IDENTITY: z.enum(['cognito', 'oidc']).default('cognito'),
  /**
   * `oidc` only (and then required): the issuer whose tokens the API takes (`iss` must be exactly
   * this), and the claim that binds a first sign-in to a person of the directory (docs/security.md,
   * "People and sign-in"); from the district file's identity.issuer and identity.bindBy.
   */
  CEPIN_OIDC_ISSUER: z.url().optional(),
  CEPIN_OIDC_BIND_BY: z.enum(BIND_CLAIMS).optional(),
  /**
   * `oidc` only: the district file's adminEmail. While the directory has no admin, the person who
   * signs in with this verified e-mail becomes its first admin (docs/security.md, "People and sign-in").
   */
  CEPIN_ADMIN_EMAIL: z.email().optional(),
  /**
   * The district's Cognito user pool id (AWS, cognito districts): `people sync` creates, enables and
   * disables its accounts (issue 17). Unset: the accounts the local stack provides.
   */
  CEPIN_USER_POOL_ID: z
    .string()
    .regex(/^[\w-]+_[0-9a-zA-Z]+$/, 'a user pool id such as eu-west-1_AbC123')
    .optional(),
  /** The portal's address printed on the account slips (the portal sends its own). */
  CEPIN_PORTAL_URL: z.url().optional(),
  /** Only for a local Cognito (cognito-local, in tests): the user pool service's endpoint. */
  CEPIN_COGNITO_ENDPOINT: z.url().optional(),
  /** Only for local services: DynamoDB Local and s3rver endpoints. */
  CEPIN_DYNAMODB_ENDPOINT: z.url().optional(),
  CEPIN_S3_ENDPOINT: z.url().optional(),
  CEPIN_MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  /** Evidence files (佐证材料): at most this many bytes each (default 20 MB)… */
  CEPIN_MAX_EVIDENCE_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(20 * 1024 * 1024),
  /** …and this many per unit and round in all (default 200 MB). */
  CEPIN_MAX_EVIDENCE_UNIT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(200 * 1024 * 1024),
  CEPIN_RULES_DIR: z.string().optional(),
  /** AWS: the Secrets Manager secret holding the district's signing key (api and ingest functions). */
  CEPIN_SIGNING_SECRET_ARN: z.string().min(1).optional(),
  /** Local: the file holding the signing key in hex (the local stack writes it into its data folder). */
  CEPIN_SIGNING_KEY_FILE: z.string().min(1).optional(),
});
export type Config = z.infer<typeof ConfigSchema>;

/** Thrown at start-up when the environment is incomplete. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment into a Config or throws ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const r = ConfigSchema.safeParse(env);
  const problems = r.success
    ? (['CEPIN_OIDC_ISSUER', 'CEPIN_OIDC_BIND_BY'] as const)
        .filter((k) => r.data.CEPIN_IDENTITY === 'oidc' && !r.data[k])
        .map((k) => `${k}: required when CEPIN_IDENTITY is oidc`)
    : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  if (!r.success || problems.length > 0)
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  return r.data;
}
