import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';

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
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/)
      .optional(),
    /** The portal's own domain and its ACM certificate (in us-east-1, as CloudFront requires). */
    portal: z
      .object({
        domainName: z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/),
        certificateArn: z.string().regex(/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]+$/),
      })
      .strict()
      .optional(),
  })
  .strict();
export type District = z.infer<typeof DistrictSchema>;

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
