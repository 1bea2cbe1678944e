# The Go environment build.sh and synth.sh share (sourced from the repository root): Go from its
# install folder, and cold, repository-local caches under .ci/work, so that a run behaves as on a
# fresh machine and leaves nothing outside the build folder.
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
export PATH="/usr/local/go/bin:$PATH"
work="$PWD/.ci/work/languages/go"
mkdir -p "$work"
export GOPATH="$work/gopath" GOMODCACHE="$work/gopath/pkg/mod" GOCACHE="$work/cache"
