import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

/** A running cognito-local (npm `cognito-local`): its endpoint, and how to stop it. */
export interface CognitoLocal {
  endpoint: string;
  client: () => CognitoIdentityProviderClient;
  stop: () => Promise<void>;
}

/**
 * Starts cognito-local on a free loopback port with its data (`.cognito/`, relative to its working
 * directory) in a fresh temporary folder, and waits until it listens.
 */
export async function startCognitoLocal(): Promise<CognitoLocal> {
  const dir = mkdtempSync(join(tmpdir(), 'cepin-cognito-'));
  const port = await freePort();
  // Its default pools sign in by e-mail (UsernameAttributes [email]); the district's pool signs in
  // by user name with e-mail as an alias (infra/constructs/api.ts).
  mkdirSync(join(dir, '.cognito'));
  writeFileSync(
    join(dir, '.cognito', 'config.json'),
    JSON.stringify({ UserPoolDefaults: { UsernameAttributes: [] } }),
  );
  const require = createRequire(import.meta.url);
  const bin = join(dirname(require.resolve('cognito-local/package.json')), 'lib', 'bin', 'start.js');
  const child: ChildProcess = spawn(process.execPath, [bin], {
    cwd: dir,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DEBUG: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`cognito-local did not start: ${log}`)), 20_000);
    const onData = (b: Buffer) => {
      log += b.toString();
      if (log.includes('Cognito Local running')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`cognito-local exited (${code}): ${log}`));
    });
  });
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    client: () =>
      new CognitoIdentityProviderClient({
        region: 'local',
        endpoint,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A user pool shaped like the district's (infra/constructs/api.ts): custom ref and district, three groups. */
export async function districtPool(client: CognitoIdentityProviderClient, name: string): Promise<string> {
  const pool = await client.send(
    new CreateUserPoolCommand({
      PoolName: name,
      AliasAttributes: ['email'],
      Schema: [
        { Name: 'ref', AttributeDataType: 'String', Mutable: true },
        { Name: 'district', AttributeDataType: 'String', Mutable: false },
      ],
    }),
  );
  const id = pool.UserPool?.Id;
  if (!id) throw new Error('cognito-local created no pool');
  for (const g of ['admin', 'assessor', 'unit'])
    await client.send(new CreateGroupCommand({ UserPoolId: id, GroupName: g }));
  return id;
}
