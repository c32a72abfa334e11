// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layering, as import rules (README, "Layout"). Each folder gets the union of the restrictions
 * that apply to it: a later config's `no-restricted-imports` replaces an earlier one, it does not add.
 */
const EXCELJS = {
  patterns: [{ group: ['exceljs', 'exceljs/*'], message: 'exceljs only in shared/excel.' }],
};
const AWS_SDK = {
  patterns: [
    {
      group: ['@aws-sdk/*'],
      message: 'The AWS SDK only in shared/adapters, shared/local and shared/client.',
    },
  ],
};
const HTTP_CLIENT = {
  patterns: [
    {
      regex: '(^|/)client/',
      message: 'Use cases do not call the HTTP API: drivers that do belong to the CLI (shared/cli).',
    },
  ],
};
/** The domain is pure: its own files, zod and node:crypto; no I/O, no other layer. */
const DOMAIN_ONLY = {
  paths: ['fs', 'fs/promises', 'node:fs', 'node:fs/promises', 'node:process', 'node:child_process'].map(
    (name) => ({
      name,
      message: 'The domain does no I/O: read and write in shared/adapters or shared/excel.',
    }),
  ),
  patterns: [
    {
      regex: '^\\.\\./',
      message: 'The domain imports only the domain (no adapters, excel, use cases, clients or the API).',
    },
  ],
};
/** The contract is plain values, zod and domain types: the portal and the CDK synth load it. */
const CONTRACT_ONLY = {
  patterns: [
    {
      regex: '^\\.\\./(?!domain/)',
      message: 'The API contract imports only the domain: no use case, adapter, excel or client.',
    },
    { regex: '^node:', message: 'The API contract is loaded by the portal: no node: modules.' },
  ],
};
/** The portal: preact, its own files, the contract (schemas as types only) and the message catalogue. */
const WEB_ONLY = {
  patterns: [
    {
      regex:
        '^\\.\\./(?!\\.\\./shared/(api/(phases|routes|terms|contract|requests|responses|results)|domain/(messages|portal-messages|message-format|otpauth|china-time))\\.ts$)',
      message:
        'The portal imports only the API contract (shared/api), the message catalogue (shared/domain/messages.ts, portal-messages.ts, message-format.ts, otpauth.ts, china-time.ts; its words through virtual:cepin-catalogue) and its own files.',
    },
    {
      regex: '^\\.\\./\\.\\./shared/api/(contract|requests|responses|results)\\.ts$',
      allowTypeImports: true,
      message:
        'The portal takes only types from the zod schemas (`import type`): zod would double its bundle.',
    },
    {
      // oauth4webapi: the oidc district's sign-in, loaded on demand (web/src/oidc-client.ts).
      regex: '^(?!\\.|preact(/|$)|oauth4webapi$|virtual:cepin-catalogue/(zh|en|words)$)',
      message: 'The portal bundles only preact and, on demand, oauth4webapi (no node: modules, zod, SDKs).',
    },
  ],
};
const restrict = (/** @type {{ paths?: object[], patterns?: object[] }[]} */ ...groups) => ({
  '@typescript-eslint/no-restricted-imports': [
    'error',
    { paths: groups.flatMap((g) => g.paths ?? []), patterns: groups.flatMap((g) => g.patterns ?? []) },
  ],
});
const NO_ENV = {
  'no-restricted-properties': [
    'error',
    {
      object: 'process',
      property: 'env',
      message: 'Configuration comes in as parameters (shared/config.ts).',
    },
  ],
};

/** Server knowledge the portal must take from the contract, never declare again (web/src). */
const REDECLARED = [
  {
    selector: "ObjectExpression Literal[value='scoring-closed']",
    message:
      'A phase state table in the portal: use PHASE_TRANSITIONS / actionsFrom of shared/api/phases.ts.',
  },
  {
    selector: 'TSLiteralType > Literal[value=/^(scoring-closed|trimmed-mean|duplicate|spotcheck)$/]',
    message:
      'A re-declared contract type (PhaseState, Phase, UploadState, methods): import it from shared/api.',
  },
  {
    selector: 'ArrayExpression > Literal[value=/^(trimmed-mean|scoring-closed|spotcheck)$/]',
    message: 'A re-declared contract list: use PHASE_ORDER, PHASE_STATES or RECONCILE_METHODS of shared/api.',
  },
  {
    selector: "JSXAttribute[name.name='pattern'] > Literal",
    message: 'An id pattern in the portal: use ROUND_ID_PATTERN of shared/api/terms.ts.',
  },
];

const PRODUCTION = ['shared/**/*.ts', 'functions/**/*.ts', 'infra/**/*.ts', 'bin/**/*.{js,ts}'];

export default tseslint.config(
  { ignores: ['node_modules/', 'scratch/', 'out/', 'cdk.out/', 'coverage/', '.data/', 'web/dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  { files: PRODUCTION, rules: restrict(EXCELJS, AWS_SDK) },
  { files: ['shared/excel/**'], rules: restrict(AWS_SDK) },
  { files: ['shared/adapters/**', 'shared/local/**', 'shared/client/**'], rules: restrict(EXCELJS) },
  {
    files: ['shared/domain/**'],
    rules: {
      ...restrict(EXCELJS, AWS_SDK, DOMAIN_ONLY),
      ...NO_ENV,
      'no-restricted-globals': ['error', { name: 'process', message: 'The domain reads no environment.' }],
    },
  },
  { files: ['shared/use-cases/**'], rules: { ...restrict(EXCELJS, AWS_SDK, HTTP_CLIENT), ...NO_ENV } },
  { files: ['shared/api/**'], rules: { ...restrict(EXCELJS, AWS_SDK, CONTRACT_ONLY), ...NO_ENV } },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    rules: { ...restrict(WEB_ONLY), 'no-restricted-syntax': ['error', ...REDECLARED] },
  },
);
