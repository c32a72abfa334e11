import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';

/** What signing in to a district's user pool needs. */
export interface CognitoLogin {
  region: string;
  clientId: string;
  user: string;
  password: string;
  /** Asked for when Cognito requires a new password (first sign-in of a created user). */
  newPassword: () => Promise<string>;
}

/** Signs in with USER_PASSWORD_AUTH and returns the ID token (the API's JWT authorizer takes ID tokens). */
export async function cognitoIdToken(l: CognitoLogin): Promise<string> {
  const client = new CognitoIdentityProviderClient({ region: l.region });
  try {
    const first = await client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: l.clientId,
        AuthParameters: { USERNAME: l.user, PASSWORD: l.password },
      }),
    );
    let result = first.AuthenticationResult;
    if (!result && first.ChallengeName === 'NEW_PASSWORD_REQUIRED') {
      const next = await client.send(
        new RespondToAuthChallengeCommand({
          ClientId: l.clientId,
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session: first.Session,
          ChallengeResponses: { USERNAME: l.user, NEW_PASSWORD: await l.newPassword() },
        }),
      );
      result = next.AuthenticationResult;
    }
    if (!result?.IdToken)
      throw new Error(`sign-in needs a step cepin does not support: ${first.ChallengeName ?? 'unknown'}`);
    return result.IdToken;
  } finally {
    client.destroy();
  }
}
