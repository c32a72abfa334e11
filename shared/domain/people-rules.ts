import { error, warning, type Issue } from './issues.ts';
import {
  canonicalEmail,
  canonicalPhone,
  LOGIN,
  PERSON_ROLES,
  type Person,
  type PersonRole,
} from './people.ts';
import type { Roster, RosterWhere } from './roster.ts';

/**
 * The people of a roster and the directory's rules for them (docs/security.md, "People and
 * sign-in"): contact columns checked at their cells, the directory entries a roster makes, and the
 * people a roster may not move.
 */

/** A roster row that names a person: its kind, index and the person's fields as written. */
interface Row {
  kind: 'unit' | 'assessor';
  index: number;
  /** The unit code or assessor id. */
  item: string;
  role: PersonRole;
  login?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
}

function rowsOf(r: Roster): Row[] {
  return [
    ...r.units.map((u, index): Row => ({ kind: 'unit', index, item: u.code, role: 'unit', ...u })),
    ...r.assessors.map((a, index): Row => ({ kind: 'assessor', index, item: a.id, role: 'assessor', ...a })),
  ];
}

/** Groups rows by a key (rows without one left out), keeping only the groups of two or more. */
function clashes(rows: Row[], key: (row: Row) => string | undefined): Row[][] {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const k = key(row);
    if (k !== undefined) groups.set(k, [...(groups.get(k) ?? []), row]);
  }
  return [...groups.values()].filter((g) => g.length > 1);
}

/**
 * Checks the roster's contact columns, collecting every problem at its cell: a sign-in name with
 * characters outside `A-Za-z0-9._@-` or longer than 64, a malformed phone or e-mail, the same
 * sign-in name twice (each cell naming the others), a sign-in name that is also another role's (the
 * same), and — a warning — the same phone or e-mail for two people (binding by it would bind
 * neither).
 */
export function rosterContactIssues(r: Roster, where: RosterWhere): Issue[] {
  const issues: Issue[] = [];
  const rows = rowsOf(r);
  const at = (row: Row, field: string) => ({ ...where(row.kind, row.index, field), item: row.item });
  const cell = (row: Row, field: string) => {
    const w = where(row.kind, row.index, field);
    return `${w.sheet}!${w.cell}`;
  };
  for (const row of rows) {
    if (row.login !== undefined && !LOGIN.test(row.login))
      issues.push(error('roster.bad-login', at(row, 'login'), { value: row.login }));
    if (row.phone !== undefined && !canonicalPhone(row.phone))
      issues.push(error('roster.bad-phone', at(row, 'phone'), { value: row.phone }));
    if (row.email !== undefined && !canonicalEmail(row.email))
      issues.push(error('roster.bad-email', at(row, 'email'), { value: row.email }));
  }
  for (const group of clashes(rows, (row) => row.login)) {
    const mixed = new Set(group.map((g) => g.role)).size > 1;
    for (const row of group) {
      const others = group.filter((g) => g !== row).map((g) => cell(g, 'login'));
      issues.push(
        error(mixed ? 'roster.login-other-role' : 'roster.login-duplicate', at(row, 'login'), {
          value: row.login!,
          others: others.join(', '),
        }),
      );
    }
  }
  // Only the rows that make a directory entry (a sign-in name) can collide when binding.
  const people = rows.filter((row) => row.login !== undefined);
  for (const field of ['phone', 'email'] as const) {
    const norm = field === 'phone' ? canonicalPhone : canonicalEmail;
    for (const group of clashes(people, (row) => (row[field] ? norm(row[field]) : undefined))) {
      for (const row of group.slice(1))
        issues.push(
          warning('roster.contact-shared', at(row, field), {
            value: row[field]!,
            other: cell(group[0]!, field),
          }),
        );
    }
  }
  return issues;
}

/** A directory entry a roster row makes, with the row it came from. */
export interface RosterPerson {
  person: Person;
  kind: 'unit' | 'assessor';
  index: number;
}

/**
 * The directory entries of a (valid) roster: every unit and assessor row with a sign-in name, as an
 * active person whose role and ref are the row's (a unit's person is named for its archive staff,
 * else for the unit), its contact canonical. No binding: a roster never touches one.
 */
export function rosterPeople(r: Roster, by: string, at: string): RosterPerson[] {
  const contact = (phone?: string, email?: string) => ({
    ...(phone && canonicalPhone(phone) ? { phone: canonicalPhone(phone) } : {}),
    ...(email && canonicalEmail(email) ? { email: canonicalEmail(email) } : {}),
  });
  const made = (login: string, name: string, role: PersonRole, ref: string): Person => ({
    login,
    name,
    role,
    ref,
    active: true,
    updatedAt: at,
    updatedBy: by,
  });
  return [
    ...r.units.flatMap((u, index) =>
      u.login
        ? [
            {
              person: {
                ...made(u.login, u.archivist || u.name, 'unit', u.code),
                ...contact(u.phone, u.email),
              },
              kind: 'unit' as const,
              index,
            },
          ]
        : [],
    ),
    ...r.assessors.flatMap((a, index) =>
      a.login
        ? [
            {
              person: { ...made(a.login, a.name, 'assessor', a.id), ...contact(a.phone, a.email) },
              kind: 'assessor' as const,
              index,
            },
          ]
        : [],
    ),
  ];
}

/**
 * The roster's people whose sign-in name the directory already gives another role or ref: an error
 * at the sign-in name's cell each (a roster must not silently move a person; an admin may).
 */
export function directoryConflicts(
  people: readonly RosterPerson[],
  where: RosterWhere,
  directory: ReadonlyMap<string, Person>,
): Issue[] {
  return people.flatMap(({ person, kind, index }) => {
    const known = directory.get(person.login);
    if (!known || (known.role === person.role && known.ref === person.ref)) return [];
    return [
      error(
        'roster.login-moved',
        { ...where(kind, index, 'login'), item: person.ref },
        { value: person.login, ref: known.ref || known.role },
      ),
    ];
  });
}

/** Whether the roster's entry would change what the directory holds for that person. */
export function personChanged(known: Person, next: Person): boolean {
  return (
    known.name !== next.name ||
    known.role !== next.role ||
    known.ref !== next.ref ||
    known.phone !== next.phone ||
    known.email !== next.email ||
    known.active !== next.active
  );
}

const REF = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;

/** A person as an admin asks for it (`POST /people`), before checking. */
export interface PersonInput {
  login: string;
  name: string;
  role: PersonRole;
  ref?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
  active?: boolean | undefined;
}

/**
 * Checks a person an admin adds or changes, like the roster checks its rows (issues at the field's
 * path): sign-in name, name, role, ref (an assessor id or unit code; none for an admin), phone,
 * e-mail. Returns the person to store (contact canonical) when there is no error.
 */
export function checkPerson(
  p: PersonInput,
  by: string,
  at: string,
): { person?: Person | undefined; issues: Issue[] } {
  const issues: Issue[] = [];
  const login = p.login.normalize('NFKC').trim();
  const ref = (p.ref ?? '').normalize('NFKC').trim();
  const name = p.name.normalize('NFKC').trim();
  if (!LOGIN.test(login)) issues.push(error('roster.bad-login', { path: 'login' }, { value: login }));
  if (!name) issues.push(error('roster.missing', { path: 'name' }));
  if (!(PERSON_ROLES as readonly string[]).includes(p.role))
    issues.push(error('roster.bad-role', { path: 'role' }, { value: String(p.role) }));
  if (p.role === 'admin' && ref) issues.push(error('roster.admin-ref', { path: 'ref' }, { value: ref }));
  if (p.role !== 'admin' && !REF.test(ref))
    issues.push(error('roster.bad-code', { path: 'ref' }, { value: ref }));
  const phone = p.phone?.trim() ? canonicalPhone(p.phone) : undefined;
  if (p.phone?.trim() && !phone)
    issues.push(error('roster.bad-phone', { path: 'phone' }, { value: p.phone }));
  const email = p.email?.trim() ? canonicalEmail(p.email) : undefined;
  if (p.email?.trim() && !email)
    issues.push(error('roster.bad-email', { path: 'email' }, { value: p.email }));
  if (issues.length > 0) return { issues };
  return {
    issues,
    person: {
      login,
      name,
      role: p.role,
      ref: p.role === 'admin' ? '' : ref,
      ...(phone ? { phone } : {}),
      ...(email ? { email } : {}),
      active: p.active ?? true,
      updatedAt: at,
      updatedBy: by,
    },
  };
}
