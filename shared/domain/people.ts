/**
 * The district's people directory (issue 17): who a person is in the district's rounds — admin, an
 * assessor id or a unit code — with name and contact, active or disabled. It is held by cepin (the
 * district's own table), maintained from the roster workbook and by the admin. A sign-in token only
 * proves who signed in (issuer + subject); role and ref come from here alone.
 */

export const PERSON_ROLES = ['admin', 'assessor', 'unit'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

/** One person of the district. */
export interface Person {
  /** The sign-in name (登录名), unique in the district: what the person types to sign in. */
  login: string;
  name: string;
  role: PersonRole;
  /** The assessor id or unit code the person acts as; '' for an admin. */
  ref: string;
  phone?: string | undefined;
  email?: string | undefined;
  /** A disabled person is refused by the API (403) and its sign-in account disabled by `people sync`. */
  active: boolean;
  /** The sign-in identity bound to this person on first sign-in (issuer + subject), once bound. */
  bound?: { issuer: string; subject: string; at: string } | undefined;
  updatedAt: string;
  updatedBy: string;
}

/** How a district binds a provider's identity to a person on first sign-in: by which claim. */
export const BIND_CLAIMS = ['email', 'phone_number', 'preferred_username'] as const;
export type BindClaim = (typeof BIND_CLAIMS)[number];

/** A sign-in name: letters, digits and . _ @ -, 1 to 64 characters. */
export const LOGIN = /^[A-Za-z0-9._@-]{1,64}$/;

const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^(0\d{2,3})[- ](\d{7,8})$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * A phone as cepin keeps it, or undefined when it is neither a mainland mobile (`1[3-9]` and 9
 * digits; `+86` / `0086`, spaces and hyphens tolerated) nor a landline (`0xx-xxxxxxxx`: area code of
 * 3–4 digits, number of 7–8). Full-width digits are read as half-width. Mobiles come back as 11
 * digits, landlines as `area-number`.
 */
export function canonicalPhone(value: string): string | undefined {
  const s = value.normalize('NFKC').trim();
  const mobile = s.replace(/^(\+|00)86[\s-]*/, '').replace(/[\s-]/g, '');
  if (/^[\d\s+-]+$/.test(s) && MOBILE.test(mobile)) return mobile;
  const m = LANDLINE.exec(s);
  return m ? `${m[1]}-${m[2]}` : undefined;
}

/** An e-mail address as cepin keeps it (trimmed, lower-cased), or undefined when it is not one. */
export function canonicalEmail(value: string): string | undefined {
  const s = value.normalize('NFKC').trim().toLowerCase();
  return EMAIL.test(s) && s.length <= 254 ? s : undefined;
}

/** Digits of a phone for matching a token's `phone_number`: a `+86` / `0086` prefix dropped. */
function phoneDigits(value: string): string {
  const d = value.normalize('NFKC').replace(/\D/g, '');
  const rest = d.startsWith('0086') ? d.slice(4) : d.startsWith('86') && d.length > 11 ? d.slice(2) : '';
  if (!rest) return d;
  // After the country code a landline has lost its trunk 0 (+86 10 12345678 is 010-12345678).
  return MOBILE.test(rest) ? rest : `0${rest}`;
}

/** A bind claim's value normalised for an exact comparison (docs/security.md, "People and sign-in"). */
export function bindKey(claim: BindClaim, value: string): string {
  if (claim === 'email') return value.normalize('NFKC').trim().toLowerCase();
  if (claim === 'phone_number') return phoneDigits(value);
  return value.normalize('NFKC').trim();
}

/** The person's own value of a bind claim, or undefined when the directory has none. */
export function personBindValue(p: Person, claim: BindClaim): string | undefined {
  if (claim === 'email') return p.email;
  if (claim === 'phone_number') return p.phone;
  return p.login;
}

/** What a first sign-in with this bind-claim value may do. */
export type BindDecision =
  | { outcome: 'bind'; person: Person }
  | { outcome: 'disabled'; person: Person }
  /** Nobody has the value, or the one who has it is bound to another sign-in already. */
  | { outcome: 'unknown' }
  /** Two or more people have the value: nobody is bound. */
  | { outcome: 'ambiguous'; count: number };

/**
 * Whom a sign-in whose subject is bound to nobody may be bound to: the one person whose bind-claim
 * value matches exactly after normalising, when active and not yet bound. A value matching two or
 * more people binds nobody; an empty value matches nobody.
 */
export function bindCandidate(people: readonly Person[], claim: BindClaim, value: string): BindDecision {
  const key = bindKey(claim, value);
  if (!key) return { outcome: 'unknown' };
  const matches = people.filter((p) => {
    const own = personBindValue(p, claim);
    return own !== undefined && bindKey(claim, own) === key;
  });
  if (matches.length > 1) return { outcome: 'ambiguous', count: matches.length };
  const person = matches[0];
  if (!person || person.bound) return { outcome: 'unknown' };
  return person.active ? { outcome: 'bind', person } : { outcome: 'disabled', person };
}

/** Orders the directory by role, then ref, then sign-in name. */
export function byRoleThenRef(a: Person, b: Person): number {
  return (
    PERSON_ROLES.indexOf(a.role) - PERSON_ROLES.indexOf(b.role) ||
    (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0) ||
    (a.login < b.login ? -1 : a.login > b.login ? 1 : 0)
  );
}
