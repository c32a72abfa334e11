import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { handleApi } from '../../shared/adapters/http-api.ts';
import { buildDeps } from '../../shared/composition.ts';
import { loadConfig } from '../../shared/config.ts';
import { DOCUMENT_HANDLERS } from '../../shared/use-cases/api/documents.ts';

// Configuration is read once at start-up; a missing variable fails the cold start loudly.
const deps = buildDeps(loadConfig(process.env));

/** The documents Lambda: the API routes that write .docx files (kept apart so the api bundle stays small). */
export const handler = (event: APIGatewayProxyEventV2WithJWTAuthorizer) =>
  handleApi(event, deps, DOCUMENT_HANDLERS);
