import { awscdk, javascript } from 'projen';

/**
 * The aws-cdk-lib version we build and test against, and the minimum users need.
 * No alpha module: jsii would make it an exact-version dependency of every Python, Java,
 * .NET and Go user; the Kafka and Flink constructs build on the stable L1s (README).
 */
const CDK_VERSION = '2.271.0';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-streaming-pipelines',
  packageName: 'cdk-streaming-pipelines',
  description: 'AWS CDK constructs for streaming pipelines on Kinesis and MSK: shard sizing from the workload, partition-key guardrails, alarms that fire, and safe failure handling.',
  keywords: ['cdk', 'awscdk', 'aws-cdk', 'kinesis', 'kafka', 'msk', 'firehose', 'streaming', 'flink', 'data-lake'],
  author: 'cdk-streaming-pipelines maintainers',
  authorAddress: 'maintainers@users.noreply.example',
  repositoryUrl: 'https://github.com/cdk-streaming-pipelines/cdk-streaming-pipelines.git',
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  // `npx cdk-streaming-pipelines plan --ingest 4MiB/s …`: size and price a pipeline before writing CDK code.
  bin: { 'cdk-streaming-pipelines': 'lib/cli/main.js' },

  cdkVersion: CDK_VERSION,
  jsiiVersion: '~6.0.0',
  constructsVersion: '10.5.1',

  // Release tooling that runs on the Node.js we support: projen's default,
  // commit-and-tag-version 13, and the conventional-changelog packages it pulls need
  // Node >= 22 (`npm ci` warned EBADENGINE 17 times on Node 20). 12 needs Node >= 18 and is
  // a supported value of this option (projen/projen#4940). projen adds it as a dev dependency.
  bumpPackage: 'commit-and-tag-version@^12',
  // The oldest Node.js the tooling installs and runs on without an EBADENGINE warning:
  // eslint 9's eslint-visitor-keys 5 and velocityjs 2 need 20.19 (on 22, eslint needs 22.13),
  // jsii 6 needs 20.16, aws-cdk-lib 20. It is `engines.node`, as the README's quick start says,
  // and projen types the code against it (@types/node ^20), so that newer Node APIs fail to compile.
  minNodeVersion: '20.19.0',
  // The GitHub workflows keep building on the current LTS (projen would use minNodeVersion).
  workflowNodeVersion: 'lts/*',

  devDeps: [
    'cdk-nag@^3.0.2', 'ts-node',
    // The shipped Lambda handlers: the SDK is in the Lambda runtime, so it is external
    // to the bundle and only a dev dependency; dynalite is the local DynamoDB they are tested on.
    '@aws-sdk/client-dynamodb@^3', '@types/aws-lambda', 'dynalite@^4',
    // s3rver is the local S3 the aggregate handler's failure store is tested on.
    '@aws-sdk/client-s3@^3', 's3rver@^3',
    // The Kafka handlers (multi-VPC connectivity): the SDK is in the Lambda runtime.
    '@aws-sdk/client-kafka@^3',
    // The Managed Flink start handler: the SDK is in the Lambda runtime.
    '@aws-sdk/client-kinesis-analytics-v2@^3',
    // The Redshift SQL handler (streaming ingestion, target tables): the SDK is in the Lambda runtime.
    '@aws-sdk/client-redshift-data@^3',
    // The DMS start handler (a replication task starts after deploy): the SDK is in the Lambda runtime.
    '@aws-sdk/client-database-migration-service@^3',
    // A Velocity engine: tests run the API Gateway producer's mapping templates on sample bodies.
    'velocityjs@^2',
  ],

  // Handlers in `src/**/*.lambda.ts` are bundled by esbuild when the library is built,
  // never at synth, for the newest Node.js runtime (nodejs20.x is deprecated, validation
  // warns W2531; cdk-nag L1 asks for the latest).
  lambdaOptions: {
    runtime: awscdk.LambdaRuntime.NODEJS_24_X,
    awsSdkConnectionReuse: false,
  },

  // Publishing through jsii to every language Construct Hub lists.
  publishToPypi: {
    distName: 'cdk-streaming-pipelines',
    module: 'cdk_streaming_pipelines',
  },
  publishToMaven: {
    javaPackage: 'io.github.cdkstreamingpipelines',
    mavenGroupId: 'io.github.cdk-streaming-pipelines',
    mavenArtifactId: 'cdk-streaming-pipelines',
  },
  publishToNuget: {
    dotNetNamespace: 'CdkStreamingPipelines',
    packageId: 'CdkStreamingPipelines',
  },
  publishToGo: {
    moduleName: 'github.com/cdk-streaming-pipelines/cdk-streaming-pipelines-go',
  },

  docgen: true,
  jestOptions: {
    // Changed snapshots must fail the test run, never be rewritten silently.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/bench/', '<rootDir>/examples/'],
      setupFiles: ['<rootDir>/test/setup-env.ts'],
      coveragePathIgnorePatterns: ['/node_modules/', '/test/'],
    },
  },
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'examples', 'bench', 'projenrc', '.projenrc.ts'],
  },
  // `/node_modules` as a file too: a worktree's node_modules is a symlink, which `node_modules/` does not match.
  gitignore: ['cdk.out', '/bench/.build', '.jsii.tabl.json', '/.ci/work', '/node_modules'],
});

// The shipped handlers' modules import the AWS SDK, which the Lambda runtime provides
// (external to the bundle): a dev dependency for them, like for the `*.lambda.ts` entries.
project.eslint?.allowDevDeps('src/sinks/aggregate/**');
project.eslint?.allowDevDeps('src/kafka/multi-vpc/**');
project.eslint?.allowDevDeps('src/analytics/start/**');
project.eslint?.allowDevDeps('src/sinks/redshift/data-api/**');
project.eslint?.allowDevDeps('src/produce/dms/start/**');

// Reference apps, benchmark and CI are for this repository, not the npm package.
for (const path of ['/examples/', '/bench/', '/rosetta/', '/.ci/', 'cdk.out']) {
  project.addPackageIgnore(path);
}

// The examples and the benchmark are type-checked like the tests.
for (const dir of ['examples', 'bench']) {
  new javascript.TypescriptConfig(project, {
    fileName: `${dir}/tsconfig.json`,
    extends: javascript.TypescriptConfigExtends.fromPaths(['../tsconfig.json']),
    include: ['**/*.ts'],
    exclude: ['node_modules', '.build'],
    compilerOptions: { rootDir: '..', noEmit: true },
  });
}

// README examples must compile (rosetta --strict) after every jsii compile.
project.postCompileTask.exec('jsii-rosetta extract --strict');

// The Redshift SQL handlers send BatchExecuteStatement's ExecutionMode, newer than the SDK a
// Lambda runtime may ship (an older client drops members it does not know, and the list would
// run as one transaction, which streaming ingestion's statements may not): they bundle the
// SDK they are tested with instead of taking the runtime's.
for (const entry of ['redshift-sql-on-event', 'redshift-sql-is-complete']) {
  const task = project.tasks.tryFind(`bundle:sinks/redshift/${entry}.lambda`)!;
  task.reset(['esbuild --bundle', `src/sinks/redshift/${entry}.lambda.ts`, '--target=node24 --platform=node',
    `--outfile=assets/sinks/redshift/${entry}.lambda/index.js`, '--tsconfig=test/tsconfig.json', '--minify'].join(' '));
}

// Synthesizing a construct with a shipped handler needs its bundle in assets/, which
// is built, not committed: the tests and the main job bundle first (esbuild, < 1 s).
const bundle = project.tasks.tryFind('bundle')!;
project.testTask.prependSpawn(bundle);

// ts-jest only transpiles (isolatedModules): type errors in tests and the benchmark would
// pass unseen. Check them before the tests run.
const typecheck = project.addTask('typecheck', {
  description: 'Type-check the tests and the benchmark, which jest and ts-node do not',
  steps: [
    { exec: 'tsc --noEmit -p test/tsconfig.json' },
    { exec: 'tsc --noEmit -p bench/tsconfig.json' },
  ],
});
project.testTask.prependSpawn(typecheck);

// The main job: synthesize the reference pipelines in examples/ and print their plans.
project.addTask('plan', {
  description: 'Synthesize the reference pipelines in examples/ into cdk.out/ and print their capacity and cost plan',
  steps: [
    { spawn: 'bundle' },
    { exec: 'ts-node --project examples/tsconfig.json examples/main.ts' },
  ],
});

// Synth benchmark: library vs hand-written aws-cdk-lib, fresh processes, alternating.
project.addTask('bench', {
  description: 'Benchmark synth time of the reference pipelines and a Managed Flink application against hand-written aws-cdk-lib',
  steps: [
    // The reference pipeline's AggregateToTable stages the bundled handler from assets/.
    { spawn: 'bundle' },
    { exec: 'tsc -p bench/tsconfig.build.json' },
    { exec: 'node bench/.build/bench/run.js' },
  ],
});

// Scale benchmark: synth time of one pipeline with 5 to 20 readers, to show it grows linearly.
project.addTask('bench:scale', {
  description: 'Benchmark synth time of one StreamingPipeline with 5, 10, 15 and 20 enhanced fan-out readers and five sinks',
  steps: [
    { spawn: 'bundle' },
    { exec: 'tsc -p bench/tsconfig.build.json' },
    { exec: 'node bench/.build/bench/scale.js' },
  ],
});

// Handler benchmark: records/s through the aggregate handler's decode-and-aggregate
// path on one core, and DynamoDB writes per window against dynalite.
project.addTask('bench:handler', {
  description: 'Benchmark the shipped aggregate handler: records/s on one core and writes per window',
  exec: 'ts-node --project bench/tsconfig.json bench/handler-throughput.ts',
});

// Every language a real user: the release artifacts for Python, Java and Go (jsii-pacmak, as a
// release builds them), then the same app in each, installed from that language's registry and
// synthesized; its template must equal the TypeScript app's (examples/languages/).
project.addTask('languages', {
  description: 'Build the Python, Java and Go packages and prove that an app in each synthesizes the TypeScript app\'s template',
  steps: [
    ...['python', 'java', 'go'].map(language => ({ exec: `bash examples/languages/${language}/build.sh` })),
    { exec: 'ts-node --project examples/tsconfig.json examples/languages/check.ts' },
  ],
});

new javascript.TypescriptConfig(project, {
  fileName: 'bench/tsconfig.build.json',
  extends: javascript.TypescriptConfigExtends.fromPaths(['../tsconfig.json']),
  include: ['**/*.ts', '../src/**/*.ts'],
  exclude: ['node_modules', '.build'],
  compilerOptions: {
    rootDir: '..',
    outDir: '.build',
    declaration: false,
    inlineSourceMap: false,
    inlineSources: false,
  },
});

project.synth();
