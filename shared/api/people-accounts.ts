/**
 * The sign-in account routes' schemas (issue 17): `POST /people/sync`, `POST /people/{login}/password`
 * and `GET /people/accounts`. Temporary passwords are never in a JSON answer: only on the account
 * slips, behind short-lived links (SLIP_LINK_TTL).
 */
import * as z from 'zod';
import { ROLES, ROUND_ID } from './terms.ts';

/** How long a link to account slips lives (seconds): they carry passwords. */
export const SLIP_LINK_TTL = 300;

const SlipOptions = {
  /** The language of the slips. @default 'zh' */
  lang: z.enum(['zh', 'en']).default('zh'),
  /** The portal's address printed on the slips (the portal sends its own); default CEPIN_PORTAL_URL. */
  portal: z
    .url({ protocol: /^https?$/ })
    .max(300)
    .optional(),
};

/** POST /people/sync — make the sign-in accounts follow the directory for a round. */
export const PeopleSyncRequest = z.object({ round: z.string().regex(ROUND_ID), ...SlipOptions });

/** POST /people/{login}/password — a new temporary password for one person. */
export const PasswordResetRequest = z.object(SlipOptions);

/** Links to the slips (workbook and .docx), valid for `expiresIn` seconds. */
export const SlipLinks = z.object({
  workbook: z.object({ url: z.string(), fileName: z.string() }),
  docx: z.object({ url: z.string(), fileName: z.string() }),
  expiresIn: z.number(),
});

/** POST /people/sync — what the sync did; `slips` when accounts were created. */
export const PeopleSyncAnswer = z.object({
  round: z.string(),
  at: z.string(),
  /** Where the accounts live: the district's Cognito pool or a local store. */
  accounts: z.enum(['cognito', 'local']),
  created: z.array(z.object({ login: z.string(), name: z.string(), role: z.enum(ROLES), ref: z.string() })),
  existing: z.array(z.string()),
  enabled: z.array(z.string()),
  disabled: z.array(z.string()),
  failed: z.array(z.object({ login: z.string(), error: z.string() })),
  slips: SlipLinks.nullable(),
});

/** POST /people/{login}/password — the person's slip with the new temporary password. */
export const PasswordReset = z.object({ login: z.string(), slips: SlipLinks });

/** GET /people/accounts — every sign-in account, by sign-in name. */
export const AccountList = z.object({
  accounts: z.enum(['cognito', 'local']),
  list: z.array(z.object({ login: z.string(), enabled: z.boolean(), status: z.string() })),
});

export type PeopleSyncRequest = z.input<typeof PeopleSyncRequest>;
export type PeopleSyncAnswer = z.infer<typeof PeopleSyncAnswer>;
