#!/usr/bin/env bash
# Synthesizes the Java orders app (OrdersApp.java) into OUTDIR, using the cdk-streaming-pipelines
# artifact that build.sh left in dist/java and the isolated local Maven repository it made.
# Also writes OUTDIR/dependencies.txt: the resolved artifacts, `groupId:artifactId version`, sorted.
#
# Usage (from the repository root): examples/languages/java/synth.sh OUTDIR
# CDK_CONTEXT_JSON, when set, is passed through to the app (as the CDK CLI would).
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 OUTDIR" >&2
  exit 2
fi

export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
M2="$PWD/.ci/work/languages/java/m2"
mkdir -p "$1"
OUTDIR="$(cd "$1" && pwd)"

if [[ ! -d dist/java/io/github/cdk-streaming-pipelines ]]; then
  echo "dist/java has no cdk-streaming-pipelines artifact: run examples/languages/java/build.sh first" >&2
  exit 1
fi

# The aws-cdk-lib that build.sh found newest and seeded (the pom's own version is a default).
MVN=(mvn -B -q -f "$HERE/pom.xml" -Dmaven.repo.local="$M2" -Dcdk.version="$(cat .ci/work/languages/java/aws-cdk-lib.version)")

# Compile and run the app; the app reads CDK_OUTDIR (and CDK_CONTEXT_JSON) itself.
CDK_OUTDIR="$OUTDIR" "${MVN[@]}" compile exec:java

# The resolved dependencies (compile and runtime scope, transitive), one `g:a v` a line.
list="$(mktemp)"
trap 'rm -f "$list"' EXIT
"${MVN[@]}" org.apache.maven.plugins:maven-dependency-plugin:3.8.1:list \
  -DoutputFile="$list" -DoutputAbsoluteArtifactFilename=false -DappendOutput=false
# Lines look like "   group:artifact:type[:classifier]:version:scope[ -- module name]".
sed -e 's/ -- .*$//' -e 's/^ *//' "$list" \
  | awk -F: 'NF == 5 { print $1 ":" $2 " " $4 } NF == 6 { print $1 ":" $2 " " $5 }' \
  | sort -u > "$OUTDIR/dependencies.txt"

echo "synthesized into $OUTDIR:"
ls "$OUTDIR"
