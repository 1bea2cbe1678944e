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
  if (language === 'java' && releasedJavaAwsCdkLib() !== newest) {
    problems.push(`the released POM resolved ${cdk.name} to ${releasedJavaAwsCdkLib()}, not the newest (${newest})`);
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
      { encoding: 'utf8', cwd: goWork(), env: goEnv() }).trim().split(/\s+/).pop()!,
  },
  java: {
    library: 'io.github.cdk-streaming-pipelines:cdk-streaming-pipelines',
    name: 'software.amazon.awscdk:aws-cdk-lib',
    newest: newestOnMavenCentral,
  },
};

/** Where synth.sh builds the Go app: outside any module, so that asking the proxy changes no go.mod. */
function goWork(): string {
  return path.resolve('.ci/work/languages/go');
}

/** The Go environment synth.sh builds in (its module cache under .ci/work). */
function goEnv(): NodeJS.ProcessEnv {
  const work = goWork();
  return { ...process.env, PATH: `/usr/local/go/bin:${process.env.PATH}`, GOPATH: `${work}/gopath`, GOMODCACHE: `${work}/gopath/pkg/mod`, GOCACHE: `${work}/cache` };
}

/**
 * Maven Central's newest aws-cdk-lib, found by asking for each release's POM from the newest
 * down. Neither listing can be trusted here: the Maven mirror's maven-metadata.xml stops at
 * 2.263.0 while it serves later releases, and the npm mirror lacks some releases Maven serves
 * (2.272.0). So the candidates are every 2.N.0 from the floor to ten minors past npm's newest,
 * and npm's patch releases. Only a 404 means "not served": any other answer stops the check,
 * so that a registry's hiccup cannot make an older release look like the newest.
 */
export function newestOnMavenCentral(): string {
  const npmVersions: string[] = JSON.parse(execFileSync('npm', ['view', 'aws-cdk-lib', 'versions', '--json'], { encoding: 'utf8' }))
    .filter((v: string) => /^2\.\d+\.\d+$/.test(v));
  const minor = (v: string) => Number(v.split('.')[1]);
  const newestMinor = Math.max(...npmVersions.map(minor)) + 10;
  const candidates = new Set(npmVersions.filter(v => minor(v) >= minor(FLOOR)));
  for (let m = minor(FLOOR); m <= newestMinor; m++) candidates.add(`2.${m}.0`);
  const newestFirst = [...candidates].sort((a, b) => compareVersions(b, a));
  for (const version of newestFirst) {
    const url = `https://repo.maven.apache.org/maven2/software/amazon/awscdk/aws-cdk-lib/${version}/aws-cdk-lib-${version}.pom`;
    const status = execFileSync('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '-I', url], { encoding: 'utf8' });
    if (status === '200') return version;
    if (status !== '404') throw new Error(`Maven Central answered ${status} for ${url}: cannot tell the newest aws-cdk-lib`);
  }
  throw new Error(`Maven Central serves no aws-cdk-lib from ${FLOOR} up`);
}

function compareVersions(a: string, b: string): number {
  const [x, y] = [a, b].map(v => v.split('.').map(Number));
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

/**
 * The aws-cdk-lib version the Java release build resolved the library's range to (pacmak writes
 * it into the released POM): the library's own dependency, which a user's pom cannot mask.
 */
function releasedJavaAwsCdkLib(): string | undefined {
  const pom = fs.readFileSync('dist/java/io/github/cdk-streaming-pipelines/cdk-streaming-pipelines/0.0.0/cdk-streaming-pipelines-0.0.0.pom', 'utf8');
  return /<artifactId>aws-cdk-lib<\/artifactId>\s*<version>([^<]+)<\/version>/.exec(pom)?.[1];
}
