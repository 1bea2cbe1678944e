#!/usr/bin/env bash
# Builds the release Java artifact of cdk-streaming-pipelines (dist/java, a Maven repository
# layout) exactly as the release does (`npx projen package:java` = `jsii-pacmak -v --target java`),
# but against an isolated local Maven repository under .ci/work/languages/java/m2.
#
# Run from the repository root, after the library is compiled (.jsii and lib/ present).
#
# WHY the seeding step: the generated pom depends on aws-cdk-lib through a version range
# ([2.x.0,3.0.0)). Maven resolves a range from maven-metadata.xml. The Maven Central mirror this
# machine uses serves a stale maven-metadata.xml for aws-cdk-lib (it lists nothing newer than
# 2.263.0) although it serves the poms and jars of newer releases, so the range matches no version
# and the build fails. Installing the newest served release into the isolated local repository
# writes a maven-metadata-local.xml listing it; Maven merges it with the remote metadata and the
# range resolves. On the real Maven Central the range resolves by itself and this step is
# unnecessary (harmless: it only pins what "newest" means to AWS_CDK_LIB_VERSION).
#
# AWS_CDK_LIB_VERSION is the newest release Maven Central serves (its POM answers), the one
# check.ts expects a Java user to resolve; synth.sh builds the app with the same version.
set -euo pipefail

export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20

WORK="$PWD/.ci/work/languages/java"
AWS_CDK_LIB_VERSION="${AWS_CDK_LIB_VERSION:-$(npx ts-node --project examples/tsconfig.json \
  -e 'console.log(require("./examples/languages/dependencies").newestOnMavenCentral())')}"
M2="$WORK/m2"
SEED="$WORK/seed-m2"

if [[ ! -f package.json || ! -f .jsii ]]; then
  echo "run from the repository root after compiling (no .jsii here)" >&2
  exit 1
fi

# A fresh isolated local repository every time.
rm -rf "$M2" "$SEED"
mkdir -p "$M2" "$SEED"
echo "$AWS_CDK_LIB_VERSION" > "$WORK/aws-cdk-lib.version"

# 1. Download aws-cdk-lib's pom and jar into a staging repository (not the isolated one: installing
#    an artifact onto the very file it came from is refused by maven-install-plugin).
mvn -B -q -Dmaven.repo.local="$SEED" \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:get \
  -Dartifact="software.amazon.awscdk:aws-cdk-lib:$AWS_CDK_LIB_VERSION" -Dtransitive=false

staged="$SEED/software/amazon/awscdk/aws-cdk-lib/$AWS_CDK_LIB_VERSION/aws-cdk-lib-$AWS_CDK_LIB_VERSION"

# 2. Install it into the isolated repository: this writes aws-cdk-lib/maven-metadata-local.xml
#    listing $AWS_CDK_LIB_VERSION, which is what the range resolution needs.
mvn -B -q -Dmaven.repo.local="$M2" \
  org.apache.maven.plugins:maven-install-plugin:3.1.4:install-file \
  -Dfile="$staged.jar" -DpomFile="$staged.pom"
rm -rf "$SEED"

# 3. The release build, unchanged. jsii-pacmak runs mvn with its own settings file (whose
#    <localRepository> is a temp dir) but passes MAVEN_OPTS through; a -Dmaven.repo.local system
#    property takes precedence over <localRepository>.
rm -rf dist/java
MAVEN_OPTS="${MAVEN_OPTS:-} -Dmaven.repo.local=$M2" npx projen package:java

echo "built:"
find dist/java -name '*.jar' -o -name '*.pom' | sort
