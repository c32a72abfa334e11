import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { ApiClient, readSession, writeSession } from '../../client/api-client.ts';
import { hasCognitoRefresh, RefreshingApiClient } from '../../client/cognito-session.ts';
import { hasOidcRefresh, OidcRefreshingApiClient } from '../../client/oidc-session.ts';
import { UsageError, type CliContext } from '../context.ts';

/** The API URL and token a command should use: flags, then environment, then the saved session. */
export function apiClient(ctx: CliContext, api?: string): ApiClient {
  const s = readSession(ctx.env);
  const url = api ?? ctx.env.CEPIN_API ?? s.api ?? 'http://127.0.0.1:8510';
  // A Cognito sign-in refreshes its one-hour ID token on use (cognito-session.ts).
  if (!ctx.env.CEPIN_TOKEN && hasCognitoRefresh(ctx.env)) return new RefreshingApiClient(url, ctx.env);
  // …and an OpenID Connect sign-in likewise (oidc-session.ts).
  if (!ctx.env.CEPIN_TOKEN && hasOidcRefresh(ctx.env)) return new OidcRefreshingApiClient(url, ctx.env);
  return new ApiClient(url, ctx.env.CEPIN_TOKEN ?? s.token);
}

/** The flags of `cepin serve`. */
interface ServeFlags {
  port: string;
  data: string;
  district: string;
  redrive?: boolean;
  identity?: string;
}

/** `cepin serve` and `cepin login`. */
export function registerServeCommands(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('run the whole stack locally on 127.0.0.1: DynamoDB Local, s3rver, API, ingest / 本地运行')
    .option('--port <n>', 'API port; DynamoDB Local uses +1 and s3rver +2', '8510')
    .option('--data <dir>', 'where data is kept', '.data')
    .option('--district <code>', 'district code', 'dongcheng')
    .option('--redrive', 'first re-deliver the messages in the dead-letter folder')
    .option(
      '--identity <kind>',
      'cognito: the dev login only; oidc: also a real OpenID Connect provider on --port +3 (default: CEPIN_IDENTITY, else cognito)',
    )
    .action(async (o: ServeFlags) => {
      const port = Number(o.port);
      if (!Number.isInteger(port) || port < 1024 || port > 65533)
        throw new UsageError('--port must be 1024-65533');
      const identity = o.identity ?? ctx.env.CEPIN_IDENTITY ?? 'cognito';
      if (identity !== 'cognito' && identity !== 'oidc')
        throw new UsageError('--identity (or CEPIN_IDENTITY) must be cognito or oidc');
      const [{ LocalServiceError }, { startLocalStack }] = await Promise.all([
        import('../../local/dynamo-local.ts'),
        import('../../local/stack.ts'),
      ]);
      let stack;
      try {
        stack = await startLocalStack({
          port,
          dataDir: o.data,
          district: o.district,
          identity,
          log: (e) => ctx.err(JSON.stringify(e)),
        });
      } catch (e) {
        if (e instanceof LocalServiceError) {
          ctx.err(`✘ ${e.message}`);
          return ctx.exit(2);
        }
        throw e;
      }
      ctx.out(`cepin (${o.district}) is running: ${stack.apiUrl}`);
      if (o.redrive) ctx.out(`  re-delivering ${stack.queue.redrive()} dead-lettered message(s)`);
      ctx.out(
        `  DynamoDB Local ${stack.config.CEPIN_DYNAMODB_ENDPOINT}, s3rver ${stack.config.CEPIN_S3_ENDPOINT}, data in ${o.data}/`,
      );
      ctx.out(
        existsSync(join(stack.webDir, 'index.html'))
          ? `  portal: ${stack.apiUrl}/ (open it in a browser; sign in as admin, an assessor or a unit)`
          : '  portal: not built (run `npm run build:web`, or use `npm start`, which builds it)',
      );
      ctx.out(
        `  command line: npx cepin login ${stack.oidc ? '--oidc' : '--as admin'} --api ${stack.apiUrl}`,
      );
      if (stack.oidc)
        ctx.out(
          `  OpenID Connect provider: ${stack.oidc.issuer} (clients cepin-portal, cepin-cli; accounts in ${stack.oidc.accounts.file})`,
        );
      if (stack.firstAdmin)
        ctx.out(
          `  first admin / 首个管理员: sign in as ${stack.firstAdmin.login} with the temporary password ${stack.firstAdmin.password} (shown once; also in ${stack.firstAdmin.file}, mode 600)`,
        );
      ctx.out('  Ctrl-C stops everything.');
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      ctx.out('stopping…');
      await stack.stop();
      ctx.out('stopped.');
    });

  program
    .command('login')
    .description('sign in: a local token from `cepin serve`, or save a Cognito ID token for AWS / 登录')
    .option('--as <who>', 'locally: admin | assessor:A01 | unit:DC01')
    .option('--token <jwt>', 'against AWS: an ID token from the district user pool')
    .option(
      '--cognito',
      'against AWS: sign in to the district user pool (password from CEPIN_PASSWORD or asked)',
    )
    .option('--client-id <id>', 'with --cognito: the UserPoolClientId output of the stack')
    .option('--region <region>', 'with --cognito: the stack region (default AWS_REGION)')
    .option('--user <name>', 'with --cognito: the user name')
    .option(
      '--totp <code>',
      'with --cognito: the 6-digit code of your authenticator app (else asked when needed)',
    )
    .option('--setup-totp', 'with --cognito: turn on the second factor: add the key to an authenticator app')
    .option(
      '--oidc',
      "an oidc district: sign in at its OpenID Connect provider with the device flow (a code to type on the provider's page)",
    )
    .option('--issuer <url>', "with --oidc: the provider (default: the issuer in the API's /config.json)")
    .option('--api <url>', 'the API URL (default: CEPIN_API or http://127.0.0.1:8510)')
    .action(
      async (o: {
        as?: string;
        token?: string;
        cognito?: boolean;
        clientId?: string;
        region?: string;
        user?: string;
        totp?: string;
        setupTotp?: boolean;
        oidc?: boolean;
        issuer?: string;
        api?: string;
      }) => {
        const api = o.api ?? ctx.env.CEPIN_API ?? readSession(ctx.env).api ?? 'http://127.0.0.1:8510';
        if (o.oidc) {
          const { signInWithOidc } = await import('./login-oidc.ts');
          return await signInWithOidc(ctx, { api, issuer: o.issuer, clientId: o.clientId });
        }
        if (o.cognito) {
          const region = o.region ?? ctx.env.AWS_REGION;
          if (!o.clientId || !o.user || !region)
            throw new UsageError('login --cognito needs --client-id, --user and --region (or AWS_REGION)');
          const ask = async (q: string) => {
            const rl = createInterface({ input: process.stdin, output: process.stderr });
            try {
              return await rl.question(q);
            } finally {
              rl.close();
            }
          };
          const { signInToCognito } = await import('./cognito-signin.ts');
          return await signInToCognito(ctx, { ...o, user: o.user, clientId: o.clientId, region, api }, ask);
        }
        if (o.token) {
          writeSession(ctx.env, { api, token: o.token, as: 'token' });
          return ctx.out(`saved token for ${api}`);
        }
        if (!o.as)
          throw new UsageError('login needs --as admin|assessor:ID|unit:CODE (local) or --token JWT (AWS)');
        const r = await new ApiClient(api, undefined).call<{
          token: string;
          role: string;
          ref: string;
          district: string;
        }>('POST', '/local/login', { as: o.as });
        writeSession(ctx.env, { api, token: r.token, as: o.as });
        ctx.out(`signed in to ${api} as ${o.as} (${r.district})`);
      },
    );
}
