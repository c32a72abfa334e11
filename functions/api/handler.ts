import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { handleApi } from '../../shared/adapters/http-api.ts';
import { buildDeps } from '../../shared/composition.ts';
import { loadConfig } from '../../shared/config.ts';
import { HANDLERS } from '../../shared/use-cases/api/dispatch.ts';

// Configuration is read once at start-up; a missing variable fails the cold start loudly.
const deps = buildDeps(loadConfig(process.env));

/** The HTTP API Lambda: API Gateway (HTTP API, JWT authorizer) events in, JSON out. */
export const handler = (event: APIGatewayProxyEventV2WithJWTAuthorizer) => handleApi(event, deps, HANDLERS);
