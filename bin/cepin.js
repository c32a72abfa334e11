#!/usr/bin/env node
// Entry point for `npx cepin`: loads the TypeScript sources through tsx so no build step is needed.
import { register } from 'tsx/esm/api';

// The AWS SDK warns on every start under Node 20 about a Node 22 requirement from 2027 onwards.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// Output piped into `head` and the like: stop quietly when the reader goes away.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

register();
const { main } = await import('../shared/cli/main.ts');
process.exitCode = await main(process.argv);
