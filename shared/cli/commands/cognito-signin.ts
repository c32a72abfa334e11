import {
  CognitoSignInError,
  cognitoSignIn,
  enrolTotp,
  type CognitoClientRef,
} from '../../client/cognito-login.ts';
import { saveCognitoSession } from '../../client/cognito-session.ts';
import { message } from '../../domain/messages.ts';
import { totpCode } from '../../domain/otpauth.ts';
import type { CliContext } from '../context.ts';

/** The flags of `cepin login --cognito`. */
export interface CognitoLoginFlags {
  user: string;
  clientId: string;
  region: string;
  api: string;
  totp?: string | undefined;
  setupTotp?: boolean | undefined;
}

const both = (code: string) => `${message(code, {}, 'zh')} / ${message(code, {}, 'en')}`;

/**
 * `cepin login --cognito`: signs in to the district's user pool (password, a new password on the
 * first sign-in, the authenticator app's code when the user has one), saves the ID token and the
 * refresh token (the session file, mode 600), and with `--setup-totp` turns the second factor on.
 * `CEPIN_COGNITO_ENDPOINT` points at another endpoint than Cognito's (a local emulator).
 */
export async function signInToCognito(
  ctx: CliContext,
  o: CognitoLoginFlags,
  ask: (question: string) => Promise<string>,
): Promise<void> {
  const ref = { region: o.region, clientId: o.clientId, endpoint: ctx.env.CEPIN_COGNITO_ENDPOINT };
  /** The code of --totp once; asked for after a wrong one (or when there was none). */
  const code = async (question: string, retry: boolean, given?: string) => {
    if (retry) ctx.err(both('signin.totp-wrong'));
    if (given && !retry) return given;
    if (given) throw new CognitoSignInError('signin.totp-wrong');
    for (;;) {
      const typed = totpCode(await ask(question));
      if (typed) return typed;
      ctx.err('6 位数字 / 6 digits');
    }
  };
  const showUri = (uri: string) => {
    ctx.err('在身份验证器应用中添加此账号(扫描或输入密钥) / add this account to your authenticator app:');
    ctx.err(`  ${uri}`);
  };
  try {
    await signIn(ctx, o, ref, code, showUri, ask);
  } catch (e) {
    if (!(e instanceof CognitoSignInError)) throw e;
    ctx.err(`✘ ${e.message}`);
    ctx.exit(1);
  }
}

async function signIn(
  ctx: CliContext,
  o: CognitoLoginFlags,
  ref: CognitoClientRef,
  code: (question: string, retry: boolean, given?: string) => Promise<string>,
  showUri: (uri: string) => void,
  ask: (question: string) => Promise<string>,
): Promise<void> {
  let shown = false;
  const tokens = await cognitoSignIn({
    ...ref,
    user: o.user,
    password: ctx.env.CEPIN_PASSWORD ?? (await ask('password: ')),
    newPassword: async () => ctx.env.CEPIN_NEW_PASSWORD ?? (await ask('a new password is required: ')),
    totpCode: (retry) => code('验证码 / authenticator code: ', retry, o.totp),
    setupTotp: (uri, retry) => {
      if (!shown) showUri(uri);
      shown = true;
      return code('验证码 / authenticator code: ', retry);
    },
  });
  saveCognitoSession(ctx.env, { api: o.api, user: o.user, ref, tokens });
  ctx.out(`signed in to ${o.api} as ${o.user}`);
  if (!o.setupTotp) return;
  let enrolShown = false;
  await enrolTotp(ref, tokens.accessToken, o.user, (uri, retry) => {
    if (!enrolShown) showUri(uri);
    enrolShown = true;
    return code('验证码 / authenticator code: ', retry);
  });
  ctx.out(
    '已启用第二重验证:今后每次登录都要输入验证码 / second factor on: every sign-in now asks for the code',
  );
}
