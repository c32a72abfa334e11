import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
  type IHttpRouteAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer, HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
} from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { DOCUMENT_ROUTES, ROUTES } from '../../shared/api/routes.ts';
import type { Identity } from '../district.ts';

/** The API's access log line: API Gateway's standard fields and the caller. */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  userAgent: '$context.identity.userAgent',
  // The token's subject: the same `caller.sub` the audit trail records (claim names with a colon,
  // like custom:ref, are not documented as log variables, so the trail carries role and ref).
  callerSub: '$context.authorizer.claims.sub',
  authorizerError: '$context.authorizer.error',
};

/** Props of the district API. */
export interface DistrictApiProps {
  readonly handler: IFunction;
  /** Serves the document routes (DOCUMENT_ROUTES). */
  readonly documents: IFunction;
  readonly district: string;
  /** Who signs people in. @default the district's own Cognito user pool */
  readonly identity?: Identity;
  /** Origins allowed by CORS (the portal's). @default ['*'] */
  readonly allowOrigins?: string[];
}

/**
 * The district's HTTP API: every route of shared/api/routes.ts behind a JWT authorizer, throttling
 * and JSON access logs. The tokens come from the district's Cognito user pool (created here, with
 * groups for admin, assessor and unit: claims `cognito:groups`, `custom:ref`, `custom:district`) or,
 * for an `oidc` district, from its own OpenID Connect provider (issuer and audience of the file; no
 * Cognito resource at all, as in the China regions where user pools do not exist).
 */
export class DistrictApi extends Construct {
  public readonly api: HttpApi;
  /** The user pool and its app client; undefined in an `oidc` district. */
  public readonly userPool?: UserPool;
  public readonly client?: UserPoolClient;
  public readonly stage: HttpStage;
  /** `https://<id>.execute-api.<region>.amazonaws.com`, no trailing slash: the API's origin and base URL. */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: DistrictApiProps) {
    super(scope, id);
    const identity = props.identity ?? { kind: 'cognito' };
    let authorizer: IHttpRouteAuthorizer;
    if (identity.kind === 'oidc') {
      // The provider's tokens, checked by API Gateway against its published keys (issuer + audience).
      authorizer = new HttpJwtAuthorizer('Jwt', identity.issuer, { jwtAudience: [identity.audience] });
    } else {
      const { pool, client } = cognitoPool(this);
      this.userPool = pool;
      this.client = client;
      authorizer = new HttpUserPoolAuthorizer('Jwt', pool, { userPoolClients: [client] });
    }
    this.api = new HttpApi(this, 'Http', {
      createDefaultStage: false,
      defaultAuthorizer: authorizer,
      corsPreflight: {
        allowOrigins: props.allowOrigins ?? ['*'],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST],
        allowHeaders: ['authorization', 'content-type'],
      },
    });
    const integration = new HttpLambdaIntegration('Handler', props.handler);
    const documents = new HttpLambdaIntegration('Documents', props.documents);
    // One route per use case, the same table the local gateway matches against.
    for (const route of ROUTES) {
      const [method, path] = route.split(' ') as [keyof typeof HttpMethod, string];
      const isDocument = (DOCUMENT_ROUTES as readonly string[]).includes(route);
      this.api.addRoutes({
        path,
        methods: [HttpMethod[method]],
        integration: isDocument ? documents : integration,
      });
    }
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.SIX_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new HttpStage(this, 'Stage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // The standard fields plus who called (the token's subject), so an access log line can be
        // matched to the audit trail (docs/security.md).
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    // The $default stage serves at the API's root: the same URL as ApiUrl, without its trailing slash.
    this.url = this.api.apiEndpoint;
    const stack = Stack.of(this);
    new CfnOutput(this, 'ApiUrl', { value: this.stage.url, description: 'CEPIN_API for the CLI' });
    if (this.userPool && this.client) {
      new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
      new CfnOutput(this, 'UserPoolClientId', { value: this.client.userPoolClientId });
      new CfnOutput(this, 'CognitoIssuer', {
        value: `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${this.userPool.userPoolId}`,
      });
    } else if (identity.kind === 'oidc') {
      new CfnOutput(this, 'OidcIssuer', { value: identity.issuer, description: 'Tokens the API accepts' });
    }
  }
}

/** The district's Cognito user pool, its groups and the app client the portal and CLI sign in with. */
function cognitoPool(scope: Construct): { pool: UserPool; client: UserPoolClient } {
  const pool = new UserPool(scope, 'Users', {
    selfSignUpEnabled: false,
    signInAliases: { email: true, username: true },
    // A second factor by authenticator app (TOTP) only, no SMS: admins enrol (docs/deploy.md); units
    // on shared office PCs without phones may not. Cognito asks an enrolled user for the code.
    mfa: Mfa.OPTIONAL,
    mfaSecondFactor: { otp: true, sms: false },
    passwordPolicy: {
      minLength: 12,
      requireDigits: true,
      requireLowercase: true,
      requireUppercase: true,
      requireSymbols: true,
    },
    accountRecovery: AccountRecovery.EMAIL_ONLY,
    featurePlan: FeaturePlan.PLUS,
    standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
    customAttributes: {
      ref: new StringAttribute({ minLen: 1, maxLen: 32, mutable: true }),
      district: new StringAttribute({ minLen: 2, maxLen: 40, mutable: false }),
    },
    removalPolicy: RemovalPolicy.RETAIN,
  });
  for (const group of ['admin', 'assessor', 'unit']) {
    new CfnUserPoolGroup(scope, `Group-${group}`, {
      userPoolId: pool.userPoolId,
      groupName: group,
    });
  }
  const client = pool.addClient('Cli', {
    authFlows: { userSrp: true, userPassword: true },
    // Who a person is (custom:ref, custom:district, e-mail) is set by an admin only. Without an
    // explicit list Cognito lets users write every mutable attribute with their own access token
    // (UpdateUserAttributes), so a unit could rename itself into another unit. Users may change
    // only their locale; they may read what the portal shows.
    readAttributes: new ClientAttributes()
      .withStandardAttributes({ email: true, emailVerified: true, fullname: true, locale: true })
      .withCustomAttributes('ref', 'district'),
    writeAttributes: new ClientAttributes().withStandardAttributes({ locale: true }),
    generateSecret: false,
    // An ID token lives an hour; the portal and CLI refresh it silently with the refresh token
    // (REFRESH_TOKEN_AUTH, allowed with every auth flow), which lasts an assessment day. A sign-in
    // step (new password, TOTP code, TOTP setup: typing the secret into an app) may take 10 minutes.
    idTokenValidity: Duration.hours(1),
    accessTokenValidity: Duration.hours(1),
    refreshTokenValidity: Duration.hours(12),
    authSessionValidity: Duration.minutes(10),
    preventUserExistenceErrors: true,
  });
  return { pool, client };
}
