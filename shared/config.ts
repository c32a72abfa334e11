import * as z from 'zod';

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
  if (!r.success) {
    throw new ConfigError(
      `invalid configuration: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return r.data;
}
