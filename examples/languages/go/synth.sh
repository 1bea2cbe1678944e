#!/usr/bin/env bash
# Builds the Go orders app (main.go) against the module build.sh generated in dist/go, and
# synthesizes it into OUTDIR. Run from the repository root: examples/languages/go/synth.sh OUTDIR
# The context (the feature flags of `cdk.json`) is taken from CDK_CONTEXT_JSON if it is set.
# Building the app compiles the generated package too: this is the check pacmak could not run
# (see build.sh). Writes the resolved modules (`go list -m all`) to OUTDIR/dependencies.txt.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 OUTDIR" >&2
  exit 2
fi
mkdir -p "$1"
out=$(cd "$1" && pwd)

source examples/languages/go/env.sh  # sets $work

app_dir=examples/languages/go
if [ ! -f dist/go/cdkstreamingpipelines/go.mod ]; then
  echo "synth.sh: dist/go/cdkstreamingpipelines is missing; run examples/languages/go/build.sh first" >&2
  exit 1
fi

# The app takes the newest aws-cdk-go the proxy serves, as `go get …@latest` gives a user, and
# check.ts asserts it. Its go.mod stays as committed: the upgrade goes into a copy (-modfile; the
# module root, against which the replace paths resolve, stays examples/languages/go).
# -mod=mod: go.sum is committed, but a regenerated dist/go can need new sums (its go.mod may change).
cp "$app_dir/go.mod" "$work/app.go.mod"
cp "$app_dir/go.sum" "$work/app.go.sum"
modfile=(-modfile="$work/app.go.mod")
(cd "$app_dir" && go get "${modfile[@]}" github.com/aws/aws-cdk-go/awscdk/v2@latest \
  && go build -mod=mod "${modfile[@]}" -o "$work/orders" .)

CDK_OUTDIR="$out" "$work/orders"

# -e: the build list holds versions no package of the build uses, e.g. cloud-assembly-schema v54
# (required by the generated go.mod, superseded by v55 in aws-cdk-go), whose metadata this machine's
# proxy may not serve; the version selected is known from the go.mod files anyway. Such errors are
# shown, not fatal: the build above already succeeded without those modules.
(cd "$app_dir" && go list -mod=mod "${modfile[@]}" -m -e -f '{{.Path}} {{if .Replace}}{{if .Replace.Version}}{{.Replace.Version}}{{else}}{{.Replace.Path}}{{end}}{{else}}{{.Version}}{{end}}{{if .Error}}	ERROR {{.Error.Err}}{{end}}' all) \
  | sort > "$work/modules.txt"
grep -F '	ERROR ' "$work/modules.txt" | sed 's/^/synth.sh: go list: /' >&2 || true
cut -f1 "$work/modules.txt" | sed "s/ *$//" > "$out/dependencies.txt"

echo "synth.sh: synthesized into $out ($(ls "$out"/*.template.json | wc -l) template(s)); modules in $out/dependencies.txt"
