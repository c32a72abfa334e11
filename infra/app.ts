import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadDistricts } from './district.ts';
import { DistrictStack } from './district-stack.ts';
import { ensurePortal, repositoryPortal } from './portal-build.ts';

const here = dirname(fileURLToPath(import.meta.url));

/** Options of the CDK app. */
export interface BuildOptions {
  /** The built web portal. @default web/dist under the repository root */
  readonly webDir?: string;
}

/**
 * Builds the CDK app: one `Cepin-<district>` stack per file in infra/districts, each serving the
 * built portal, checked by cdk-nag. Throws when the portal has not been built (run as the CDK app,
 * this file builds it first: infra/portal-build.ts).
 */
export function buildApp(app = new App(), opts: BuildOptions = {}): App {
  const webDir = opts.webDir ?? join(here, '..', 'web', 'dist');
  if (!existsSync(join(webDir, 'index.html')))
    throw new Error(
      `${opts.webDir ?? 'web/dist'}/index.html not found: build the portal first with \`npm run build:web\``,
    );
  for (const district of loadDistricts(join(here, 'districts'))) {
    new DistrictStack(app, `Cepin-${district.code}`, {
      district,
      webDir,
      portalDomain: district.portal,
      env:
        district.account || district.region
          ? { account: district.account, region: district.region }
          : undefined,
      description: `cepin archive-work assessment for ${district.name.en} (${district.name.zh})`,
    });
  }
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return app;
}

// `npx cdk synth` / `cdk deploy` (cdk.json): build the portal first when it is missing or stale.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  ensurePortal(repositoryPortal(join(here, '..')));
  buildApp().synth();
}
