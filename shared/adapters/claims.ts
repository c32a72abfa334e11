import { bindCandidate, type BindClaim, type Person } from '../domain/people.ts';
import { ApiError } from '../use-cases/api/errors.ts';
import type { OidcSettings } from '../use-cases/api/deps.ts';
import type { Caller, Store } from '../use-cases/ports.ts';

/** JWT claims as API Gateway hands them to Lambda: every value a string (arrays as "[a b]"). */
export type Claims = Record<string, string | number | boolean | string[] | undefined>;

const ROLES = ['admin', 'assessor', 'unit'] as const;

function groups(v: Claims[string]): string[] {
  if (Array.isArray(v)) return v;
  if (typeof v !== 'string') return [];
  return v
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

/** Who issued the district's tokens (CEPIN_IDENTITY): its Cognito user pool or its own OIDC provider. */
export type IdentityKind = 'cognito' | 'oidc';

/**
 * The caller of a Cognito district from its JWT claims: role from `cognito:groups`, the assessor
 * id or unit code from `custom:ref`, the district from `custom:district`. Undefined when the claims
 * do not name a role. Only the district's own Cognito user pool sets those claims, and only an admin
 * can (who a person is cannot be rewritten by that person). An OpenID Connect district never reads
 * them: `DirectoryCallers` decides there.
 */
export function callerFromClaims(claims: Claims | undefined): Caller | undefined {
  if (!claims || typeof claims.sub !== 'string') return undefined;
  const g = groups(claims['cognito:groups']);
  const role = ROLES.find((r) => g.includes(r));
  if (!role) return undefined;
  const ref = typeof claims['custom:ref'] === 'string' ? claims['custom:ref'] : '';
  if (role !== 'admin' && !ref) return undefined;
  return {
    sub: claims.sub,
    role,
    ref: role === 'admin' ? '' : ref,
    district: String(claims['custom:district'] ?? ''),
  };
}

/** The claim that says whether the bind claim was verified by the provider. */
const VERIFIED: Partial<Record<BindClaim, string>> = {
  email: 'email_verified',
  phone_number: 'phone_number_verified',
};

/** The directory reads and the one write resolving a caller needs. */
export type PeopleReads = Pick<Store, 'personBySubject' | 'listPeople' | 'bindPerson'>;
/** …and, to make the first admin (CEPIN_ADMIN_EMAIL), the directory's put. */
export type PeopleAccess = PeopleReads & Partial<Pick<Store, 'putPerson'>>;

/**
 * The callers of an OpenID Connect district, from its people directory (docs/security.md, "People
 * and sign-in"). A token proves only who signed in: its issuer must be the district's (else 401),
 * and the caller is the person bound to its issuer + subject — bound on first sign-in by the
 * district's bind claim. Role and ref are the person's and the district the deployment's; no other
 * claim is read. Who a subject is stays cached for `ttlMs` (60 s): a person disabled mid-session
 * is refused at most that much later. Unknown subjects are not cached.
 */
export class DirectoryCallers {
  private readonly cache = new Map<string, { person: Person; until: number }>();

  constructor(
    private readonly store: PeopleAccess,
    private readonly oidc: OidcSettings,
    private readonly district: string,
    private readonly now: () => Date,
  ) {}

  async caller(claims: Claims | undefined): Promise<Caller> {
    const iss = claims?.iss;
    const sub = claims?.sub;
    if (typeof iss !== 'string' || typeof sub !== 'string' || !sub || iss !== this.oidc.issuer)
      throw new ApiError(401, 'api.unauthorized');
    const person = await this.person(iss, sub, claims!);
    if (!person.active) throw new ApiError(403, 'api.person-disabled', { login: person.login });
    return {
      sub,
      role: person.role,
      ref: person.role === 'admin' ? '' : person.ref,
      district: this.district,
    };
  }

  /** The person bound to issuer + subject: from the cache, the directory, or bound now by the bind claim. */
  private async person(iss: string, sub: string, claims: Claims): Promise<Person> {
    const key = `${iss}\n${sub}`;
    const t = this.now().getTime();
    const hit = this.cache.get(key);
    if (hit && hit.until > t) return hit.person;
    this.cache.delete(key);
    const found = (await this.store.personBySubject(iss, sub)) ?? (await this.bind(iss, sub, claims));
    this.cache.set(key, { person: found, until: t + (this.oidc.ttlMs ?? 60_000) });
    return found;
  }

  private async bind(iss: string, sub: string, claims: Claims): Promise<Person> {
    const claim = this.oidc.bindBy;
    const raw = claims[claim];
    const value = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : '';
    const params = { claim, value: value || '—' };
    const verified = VERIFIED[claim] ? claims[VERIFIED[claim]] : undefined;
    const people = await this.store.listPeople();
    // A claim the provider itself calls unverified binds nobody.
    if (!value || verified === false || verified === 'false')
      return this.firstAdmin(iss, sub, claims, people, params);
    const d = bindCandidate(people, claim, value);
    if (d.outcome === 'ambiguous')
      throw new ApiError(403, 'api.person-ambiguous', { ...params, count: d.count });
    if (d.outcome === 'unknown') return this.firstAdmin(iss, sub, claims, people, params);
    if (d.outcome === 'disabled') throw new ApiError(403, 'api.person-disabled', { login: d.person.login });
    const at = this.now().toISOString();
    if ((await this.store.bindPerson(d.person.login, iss, sub, at)) === 'bound')
      return { ...d.person, bound: { issuer: iss, subject: sub, at } };
    // Someone else won: the same subject bound by a parallel call, or the person taken meanwhile.
    const now = await this.store.personBySubject(iss, sub);
    if (now) return now;
    throw new ApiError(403, 'api.person-unknown', params);
  }

  /**
   * A token that binds nobody: the district's first admin when the directory has no admin at all and
   * the token's verified e-mail is CEPIN_ADMIN_EMAIL (docs/security.md); else 403 api.person-unknown.
   */
  private async firstAdmin(
    iss: string,
    sub: string,
    claims: Claims,
    people: Person[],
    params: { claim: string; value: string },
  ): Promise<Person> {
    const unknown = new ApiError(403, 'api.person-unknown', params);
    const want = this.oidc.adminEmail?.trim().toLowerCase();
    const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
    const verified = claims.email_verified === true || claims.email_verified === 'true';
    const put = this.store.putPerson?.bind(this.store);
    if (!want || !put || !verified || email !== want) throw unknown;
    if (people.some((p) => p.role === 'admin' || p.login === email)) throw unknown;
    const at = this.now().toISOString();
    const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim() : email;
    const admin: Person = {
      login: email,
      name,
      role: 'admin',
      ref: '',
      email,
      active: true,
      updatedAt: at,
      updatedBy: 'first-admin',
    };
    await put(admin);
    if ((await this.store.bindPerson(email, iss, sub, at)) === 'bound')
      return { ...admin, bound: { issuer: iss, subject: sub, at } };
    const now = await this.store.personBySubject(iss, sub);
    if (now) return now;
    throw unknown;
  }
}
