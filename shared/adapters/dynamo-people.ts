import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Person } from '../domain/people.ts';
import { names, plain, strip, transact } from './dynamo-items.ts';
import { queryPages } from './dynamo-reads.ts';
import { keys } from './table-keys.ts';

/**
 * The district's people directory in its table (docs/storage.md): one item per person, listed on
 * GSI1 by role, then ref, then sign-in name; and one marker item per sign-in identity (issuer +
 * subject) bound to a person, so that a subject holds at most one person.
 */

const fromItem = (item: Record<string, unknown>) => strip(item) as unknown as Person;

export async function listPeople(db: DynamoDBDocumentClient, table: string): Promise<Person[]> {
  const items = await queryPages(db, table, {
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': keys.peopleIndex },
  });
  return items.map(fromItem);
}

export async function getPerson(
  db: DynamoDBDocumentClient,
  table: string,
  login: string,
): Promise<Person | undefined> {
  const r = await db.send(
    new GetCommand({ TableName: table, Key: keys.person(login), ConsistentRead: true }),
  );
  return r.Item ? fromItem(r.Item) : undefined;
}

/** Adds or replaces a person in one UpdateItem; `bound` is written only when given (else kept). */
export async function putPerson(db: DynamoDBDocumentClient, table: string, p: Person): Promise<void> {
  const { bound, phone, email, ...rest } = plain(p);
  const set: Record<string, unknown> = {
    ...rest,
    ...keys.personListing(p.role, p.ref, p.login),
    type: 'person',
    ...(phone !== undefined ? { phone } : {}),
    ...(email !== undefined ? { email } : {}),
    ...(bound !== undefined ? { bound } : {}),
  };
  const remove = (['phone', 'email'] as const).filter((k) => p[k] === undefined);
  const attrs = Object.keys(set);
  await db.send(
    new UpdateCommand({
      TableName: table,
      Key: keys.person(p.login),
      UpdateExpression:
        `SET ${attrs.map((k) => `#${k} = :${k}`).join(', ')}` +
        (remove.length > 0 ? ` REMOVE ${remove.map((k) => `#${k}`).join(', ')}` : ''),
      ExpressionAttributeNames: names(...attrs, ...remove),
      ExpressionAttributeValues: Object.fromEntries(attrs.map((k) => [`:${k}`, set[k]])),
    }),
  );
}

export async function personBySubject(
  db: DynamoDBDocumentClient,
  table: string,
  issuer: string,
  subject: string,
): Promise<Person | undefined> {
  const marker = await db.send(
    new GetCommand({ TableName: table, Key: keys.subject(issuer, subject), ConsistentRead: true }),
  );
  const login = marker.Item?.login;
  if (typeof login !== 'string') return undefined;
  const p = await getPerson(db, table, login);
  // A person removed, or bound anew, since: the marker names nobody.
  return p?.bound?.issuer === issuer && p.bound.subject === subject ? p : undefined;
}

/**
 * Binds a sign-in identity to a person: one transaction that sets the person's `bound` (the person
 * exists, is active and not bound yet) and puts the identity's marker (nobody holds it yet).
 */
export async function bindPerson(
  db: DynamoDBDocumentClient,
  table: string,
  login: string,
  issuer: string,
  subject: string,
  at: string,
): Promise<'bound' | 'taken'> {
  const t = await transact(db, [
    {
      Update: {
        TableName: table,
        Key: keys.person(login),
        UpdateExpression: 'SET #bound = :bound',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(#bound) AND #active = :t',
        ExpressionAttributeNames: names('bound', 'active'),
        ExpressionAttributeValues: { ':bound': { issuer, subject, at }, ':t': true },
      },
    },
    {
      Put: {
        TableName: table,
        Item: { ...keys.subject(issuer, subject), type: 'subject', login, issuer, subject, at },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
  ]);
  return t.ok ? 'bound' : 'taken';
}

export async function setPersonActive(
  db: DynamoDBDocumentClient,
  table: string,
  login: string,
  active: boolean,
  by: string,
  at: string,
): Promise<Person | undefined> {
  try {
    const r = await db.send(
      new UpdateCommand({
        TableName: table,
        Key: keys.person(login),
        UpdateExpression: 'SET #active = :a, #updatedBy = :by, #updatedAt = :at',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: names('active', 'updatedBy', 'updatedAt'),
        ExpressionAttributeValues: { ':a': active, ':by': by, ':at': at },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return fromItem(r.Attributes!);
  } catch (e) {
    if (e instanceof ConditionalCheckFailedException) return undefined;
    throw e;
  }
}
