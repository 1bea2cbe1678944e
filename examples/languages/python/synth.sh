#!/usr/bin/env bash
# Synthesizes the Python app into OUTDIR as a Python user would: a new venv, the wheel that
# build.sh made, and aws-cdk-lib and constructs from PyPI, whichever versions pip picks
# (the newest that the wheel's requirements allow). Context (the feature flags of a cdk.json)
# comes through CDK_CONTEXT_JSON, as the CDK CLI passes it.
#
# Writes OUTDIR/dependencies.txt (what the user installed, `name version` a line) and
# OUTDIR/dependencies-at-floor.txt (what pip resolves when the user pins aws-cdk-lib to the
# library's floor, the peer dependency's minimum): check.ts asserts on both.
set -euo pipefail
outdir=$(realpath -m "$1")
cd "$(dirname "$0")/../../.."
work=.ci/work/languages/python
rm -rf "$work" && mkdir -p "$work" "$outdir"
python3 -m venv "$work/venv"
pip="$work/venv/bin/pip --quiet --disable-pip-version-check"
wheel=$(ls dist/python/cdk_streaming_pipelines-*.whl)

floor=$(node -p "require('./package.json').peerDependencies['aws-cdk-lib'].replace(/^[\\^~]/, '')")
$pip install --dry-run --ignore-installed --report "$work/at-floor.json" "$wheel" "aws-cdk-lib==$floor"
node -e "for (const i of require('./$work/at-floor.json').install) console.log(i.metadata.name, i.metadata.version)" \
  | sort > "$outdir/dependencies-at-floor.txt"

$pip install "$wheel"
"$work/venv/bin/pip" list --format=json --exclude pip --exclude setuptools \
  | node -e "for (const p of JSON.parse(require('fs').readFileSync(0, 'utf8'))) console.log(p.name, p.version)" \
  | sort > "$outdir/dependencies.txt"
CDK_OUTDIR="$outdir" "$work/venv/bin/python" examples/languages/python/app.py
