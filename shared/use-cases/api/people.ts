import { PersonActiveRequest, PersonRequest } from '../../api/requests.ts';
import { byRoleThenRef, type Person } from '../../domain/people.ts';
import { checkPerson } from '../../domain/people-rules.ts';
import type { Caller } from '../ports.ts';
import { issueJson } from '../present.ts';
import type { ApiDeps, ApiRequest, RouteAnswer } from './deps.ts';
import { ApiError, forbidden, notFound } from './errors.ts';
import { parseBody } from './rounds.ts';

/**
 * The district's people directory (docs/security.md, "People and sign-in"): admins only read and
 * change it; rounds add their roster's people.
 */

const adminOnly = (req: ApiRequest) => {
  if (req.caller.role !== 'admin') throw forbidden();
};

/** Whether the person is the caller: bound to the caller's sign-in. */
const isCaller = (p: Person, caller: Caller) => p.bound?.subject === caller.sub;

/** GET /people — the directory, by role, then ref, then sign-in name (admins). */
export async function listPeople(req: ApiRequest, d: ApiDeps): RouteAnswer<'GET /people'> {
  adminOnly(req);
  return { status: 200, body: { people: (await d.store.listPeople()).sort(byRoleThenRef) } };
}

/** POST /people — an admin adds or changes one person, checked like a roster row; a binding is kept. */
export async function putPerson(req: ApiRequest, d: ApiDeps): RouteAnswer<'POST /people'> {
  adminOnly(req);
  const b = parseBody(PersonRequest, req.body);
  const { person, issues } = checkPerson(b, req.caller.sub, d.now().toISOString());
  if (!person)
    throw new ApiError(
      422,
      'api.person-invalid',
      { count: issues.length },
      issues.map((i) => issueJson(i, 'zh')),
    );
  const known = await d.store.getPerson(person.login);
  // Left out, `active` stays as it is (a new person is active).
  if (known && b.active === undefined) person.active = known.active;
  if (known && !person.active && isCaller(known, req.caller)) throw new ApiError(409, 'api.person-self');
  await d.store.putPerson(person);
  return {
    status: 200,
    body: { person: known?.bound ? { ...person, bound: known.bound } : person, created: !known },
  };
}

/** POST /people/{login}/active — an admin enables or disables a person (never itself). */
export async function setPersonActive(
  req: ApiRequest,
  d: ApiDeps,
): RouteAnswer<'POST /people/{login}/active'> {
  adminOnly(req);
  const { active } = parseBody(PersonActiveRequest, req.body);
  const login = req.params.login ?? '';
  const known = await d.store.getPerson(login);
  if (!known) throw notFound(`person ${login}`);
  if (!active && isCaller(known, req.caller)) throw new ApiError(409, 'api.person-self');
  const person = await d.store.setPersonActive(login, active, req.caller.sub, d.now().toISOString());
  if (!person) throw notFound(`person ${login}`);
  return { status: 200, body: { person } };
}
