import type { Duration } from 'aws-cdk-lib';
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Props of one cepin function. */
export interface CepinFunctionProps {
  /** Folder under functions/ holding handler.ts. */
  readonly name: 'api' | 'ingest' | 'documents';
  /** Measured: ingest reads and scores a workbook with exceljs; the API mostly queries. */
  readonly memorySize: number;
  readonly timeout: Duration;
  /** The handler configuration, validated by shared/config.ts at cold start. */
  readonly environment: Record<string, string>;
  /**
   * Deploys to an AWS China region: x86_64 on Node.js 22, which those regions are sure to have
   * (docs/deploy-china.md, "Lambda"). @default false: arm64 on the current Node runtime
   */
  readonly china?: boolean;
}

/**
 * A handler from functions/<name>/handler.ts as an arm64 NodejsFunction on the current Node
 * runtime (x86_64 on Node.js 22 in China), bundled by esbuild (no Docker) as ESM, with the shipped sample rule sets copied beside it
 * (seeded into the district's table on first use; rubrics are read from the table) and a log group
 * with a retention period.
 */
export class CepinFunction extends Construct {
  public readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, props: CepinFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.SIX_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Its own role, writing only to its own log group (no AWS managed policy).
    const role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    this.fn = new NodejsFunction(this, 'Fn', {
      entry: join(root, 'functions', props.name, 'handler.ts'),
      handler: 'handler',
      runtime: props.china ? Runtime.NODEJS_22_X : Runtime.NODEJS_24_X,
      architecture: props.china ? Architecture.X86_64 : Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      logGroup,
      role,
      environment: {
        ...props.environment,
        CEPIN_RULES_DIR: '/var/task/rules',
        NODE_OPTIONS: '--enable-source-maps',
      },
      projectRoot: root,
      depsLockFilePath: join(root, 'package-lock.json'),
      bundling: {
        format: OutputFormat.ESM,
        target: props.china ? 'node22' : 'node24',
        minify: true,
        sourceMap: true,
        metafile: true,
        mainFields: ['module', 'main'],
        // exceljs and others are CommonJS: give the ESM bundle a require().
        banner: "import { createRequire as __cr } from 'module'; const require = __cr(import.meta.url);",
        // The AWS SDK is bundled (tree-shaken, minified), not taken from the runtime: a bundled SDK
        // imports in about 60% of the time the runtime's many files take (docs/benchmarks.md,
        // "Functions"), and the version is the one the tests ran against.
        externalModules: [],
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir: string, outputDir: string) => [
            `cp -r "${inputDir}/templates/rules" "${outputDir}/rules"`,
          ],
        },
      },
    });
    if (props.china)
      Validations.of(this.fn).acknowledge({
        id: 'AwsSolutions-L1',
        reason:
          'In the AWS China regions cepin runs on Node.js 22 (x86_64), whose availability there is certain; the newest runtime reaches those regions on its own schedule (docs/deploy-china.md, "Lambda")',
      });
  }
}
