import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DevAccountItems, DevAccountRecord } from '../use-cases/dev-accounts.ts';

/** The dev-login accounts' partition of the district table (local stack only; docs/storage.md). */
export const DEV_ACCOUNTS_PK = 'DEVACCOUNTS';
const sk = (login: string) => `LOGIN#${login}`;

/** Dev-login accounts as items of the district table: one partition, one item per sign-in name. */
export class DynamoDevAccounts implements DevAccountItems {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async list(): Promise<DevAccountRecord[]> {
    const out: DevAccountRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const r = await this.ddb.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': DEV_ACCOUNTS_PK },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const i of r.Items ?? [])
        out.push({
          login: String(i.login),
          enabled: i.enabled === true,
          status: String(i.status),
          createdAt: String(i.createdAt),
          updatedAt: String(i.updatedAt),
        });
      start = r.LastEvaluatedKey;
    } while (start);
    return out;
  }

  async putNew(r: DevAccountRecord): Promise<'created' | 'exists'> {
    try {
      await this.ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: { PK: DEV_ACCOUNTS_PK, SK: sk(r.login), ...r },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return 'created';
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return 'exists';
      throw e;
    }
  }

  async update(login: string, change: { enabled?: boolean; status?: string }, at: string): Promise<boolean> {
    const sets = Object.entries({ ...change, updatedAt: at }).filter(([, v]) => v !== undefined);
    try {
      await this.ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { PK: DEV_ACCOUNTS_PK, SK: sk(login) },
          UpdateExpression: `SET ${sets.map(([k]) => `#${k} = :${k}`).join(', ')}`,
          ExpressionAttributeNames: Object.fromEntries(sets.map(([k]) => [`#${k}`, k])),
          ExpressionAttributeValues: Object.fromEntries(sets.map(([k, v]) => [`:${k}`, v])),
          ConditionExpression: 'attribute_exists(PK)',
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }
}
