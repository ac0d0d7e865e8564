#!/usr/bin/env bash
# The README's Java examples against the nndl4j that "mvn install" (in the folder above) put in the local Maven
# repository, as a user's project sees it. Checks the user's class path first: one Jackson, no picocli or CUDA jars
# (optional in nndl4j's POM), no class in two jars; then runs each example for 1 epoch on the MNIST digits of
# $NNDL4J_MNIST (default ../shared/data/mnist beside the repository), skipping those with one line where they are
# absent. The backend example must fall back to the CPU, saying that JCuda is not on the class path.
set -euo pipefail
cd "$(dirname "$0")"
export NNDL4J_MNIST="${NNDL4J_MNIST:-$PWD/../../shared/data/mnist}"

mvn -q compile dependency:tree -DoutputFile=target/dependency-tree.txt \
    dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
echo "examples: the user's dependency tree (target/dependency-tree.txt):"
cat target/dependency-tree.txt

fail() { echo "examples: FAILED: $*" >&2; exit 1; }
count() { grep -c -- "$1" target/dependency-tree.txt || true; }
[ "$(count 'com.fasterxml.jackson.core:jackson-databind:')" = 1 ] || fail "jackson-databind is not in the tree exactly once"
[ "$(count 'info.picocli:picocli:')" -le 1 ] || fail "picocli is in the tree more than once"
[ "$(count 'org.jcuda:\|org.lwjgl:')" = 0 ] || fail "JCuda or LWJGL reached a CPU user's tree (they are optional)"
grep -q 'nndl4j:nndl4j:jar:[^:]*:compile' target/dependency-tree.txt || fail "nndl4j's thin jar is not in the tree"

# every class once on the class path: the thin jar carries no copy of a dependency
classpath="$(cat target/classpath.txt)"
duplicates="$(tr ':' '\n' <<<"$classpath" | while read -r jar; do jar tf "$jar"; done \
    | grep '\.class$' | grep -v 'module-info\.class$' | sort | uniq -d)"
[ -z "$duplicates" ] || fail "classes in two jars of the class path: $(head -3 <<<"$duplicates")"
echo "examples: $(tr ':' '\n' <<<"$classpath" | wc -l) jars on the class path, each class once, no JCuda or LWJGL"

run() {
    echo "examples: java $*"
    local start=$SECONDS
    (cd target && java -cp "classes:$classpath" "$@")
    echo "examples: $1 took $((SECONDS - start)) s"
}

out="$(run PickBackend)"
echo "$out"
grep -q 'JCuda is not on the class path.*running on the CPU' <<<"$out" || fail "PickBackend did not fall back to the CPU"

if [ -f "$NNDL4J_MNIST/t10k-images-idx3-ubyte.gz" ]; then
    run Network2Session 1
    run Network3Session 1
    run ConvNetwork 1
else
    echo "examples: skipped Network2Session, Network3Session and ConvNetwork: no t10k-images-idx3-ubyte.gz in $NNDL4J_MNIST (set NNDL4J_MNIST)"
fi
