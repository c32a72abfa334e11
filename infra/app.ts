import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadDistricts } from './district.ts';
import { DistrictStack } from './district-stack.ts';

const here = dirname(fileURLToPath(import.meta.url));

/** Builds the CDK app: one `Cepin-<district>` stack per file in infra/districts, checked by cdk-nag. */
export function buildApp(app = new App()): App {
  for (const district of loadDistricts(join(here, 'districts'))) {
    new DistrictStack(app, `Cepin-${district.code}`, {
      district,
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

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) buildApp().synth();
