import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** The languages whose apps `check.ts` synthesizes beside the TypeScript one. */
export const LANGUAGES = ['python', 'java', 'go'];

/** The library's aws-cdk-lib floor: the peer dependency's minimum, which jsii gives every language. */
const FLOOR: string = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'))
  .peerDependencies['aws-cdk-lib'].replace(/^[\^~]/, '');

/**
 * What is wrong with what a user of `language` installed, as read from `<outdir>/dependencies.txt`
 * (one `name version` pair a line, written by its synth.sh): an alpha module, or an aws-cdk-lib
 * older than the newest its registry serves today.
 */
export function checkDependencies(language: string, outdir: string): string[] {
  const installed = readDependencies(path.join(outdir, 'dependencies.txt'));
  const problems = [...installed.keys()].filter(name => /alpha/i.test(name))
    .map(name => `installs the alpha module ${name} ${installed.get(name)}`);
  const cdk = AWS_CDK_LIB[language];
  if (!installed.has(cdk.library)) {
    problems.push(`the listing does not name ${cdk.library}: it is not what the app was built with`);
  }
  const newest = cdk.newest();
  if (installed.get(cdk.name) !== newest) {
    problems.push(`resolves ${cdk.name} ${installed.get(cdk.name)}, not the newest its registry serves (${newest})`);
  }
  if (language === 'python') {
    const atFloor = readDependencies(path.join(outdir, 'dependencies-at-floor.txt'));
    if (atFloor.get(cdk.name) !== FLOOR) {
      problems.push(`does not resolve with ${cdk.name} pinned to the floor ${FLOOR} (got ${atFloor.get(cdk.name)})`);
    }
  }
  return problems;
}

/** A dependency listing as name → version. */
function readDependencies(file: string): Map<string, string> {
  return new Map(fs.readFileSync(file, 'utf8').split('\n').filter(line => line.trim())
    .map(line => line.trim().split(/\s+/) as [string, string]));
}

/** The library's and aws-cdk-lib's names in each registry, and the newest aws-cdk-lib the registry serves today. */
const AWS_CDK_LIB: Record<string, { library: string; name: string; newest: () => string }> = {
  python: {
    library: 'cdk-streaming-pipelines',
    name: 'aws-cdk-lib',
    // "aws-cdk-lib (2.275.0)" on the first line.
    newest: () => /\(([^)]+)\)/.exec(execFileSync('.ci/work/languages/python/venv/bin/pip',
      ['index', 'versions', 'aws-cdk-lib'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }))![1],
  },
  go: {
    library: 'github.com/cdk-streaming-pipelines/cdk-streaming-pipelines-go/cdkstreamingpipelines',
    name: 'github.com/aws/aws-cdk-go/awscdk/v2',
    newest: () => execFileSync('go', ['list', '-m', '-versions', 'github.com/aws/aws-cdk-go/awscdk/v2'],
      { encoding: 'utf8', cwd: 'examples/languages/go', env: goEnv() }).trim().split(/\s+/).pop()!,
  },
  java: {
    library: 'io.github.cdk-streaming-pipelines:cdk-streaming-pipelines',
    name: 'software.amazon.awscdk:aws-cdk-lib',
    newest: newestOnMavenCentral,
  },
};

/** The Go environment synth.sh builds in (its module cache under .ci/work). */
function goEnv(): NodeJS.ProcessEnv {
  const work = path.resolve('.ci/work/languages/go');
  return { ...process.env, PATH: `/usr/local/go/bin:${process.env.PATH}`, GOPATH: `${work}/gopath`, GOMODCACHE: `${work}/gopath/pkg/mod`, GOCACHE: `${work}/cache`, GOFLAGS: '-mod=mod' };
}

/**
 * Maven Central's newest aws-cdk-lib, found by asking for each release's POM from the newest
 * down: a mirror's maven-metadata.xml can lag behind what it serves (the one here lists
 * 2.263.0 as latest while serving 2.272.0), so the listing cannot be trusted.
 */
export function newestOnMavenCentral(): string {
  const npmVersions: string[] = JSON.parse(execFileSync('npm', ['view', 'aws-cdk-lib', 'versions', '--json'], { encoding: 'utf8' }));
  for (const version of npmVersions.filter(v => /^\d+\.\d+\.\d+$/.test(v)).reverse()) {
    const url = `https://repo.maven.apache.org/maven2/software/amazon/awscdk/aws-cdk-lib/${version}/aws-cdk-lib-${version}.pom`;
    const status = execFileSync('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '-I', url], { encoding: 'utf8' });
    if (status === '200') return version;
    if (version === FLOOR) break;
  }
  return `none from ${FLOOR} up`;
}
