#!/usr/bin/env bash
# The Python release artifacts, built the way a release builds them: jsii-pacmak's Python
# target makes the wheel and the sdist in dist/python (from the jsii assembly of `compile`).
set -euo pipefail
cd "$(dirname "$0")/../../.."
rm -rf dist/python  # one wheel only: synth.sh installs the one it finds
npx projen package:python
ls dist/python/*.whl
