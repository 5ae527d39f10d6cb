#!/bin/sh
# Records (or refreshes) the bnd baseline: copies the jar of every bundle listed in cnf/baseline/bundles, as the
# last build left it in bundles/<artifactId>/target/, into the Maven file repository cnf/baseline/repo as version
# ${siprec.baseline.version} (root pom.xml), and removes what is no longer listed. Commit cnf/baseline afterwards.
#
#   cnf/baseline/record.sh           # record the jars of the last build (run a build first)
#   cnf/baseline/record.sh --build   # build the listed bundles first (mvn package: no tests, no baseline check)
#
# MVN names the Maven command for --build (default: mvn; in a helper worktree MVN=/work/tools/mvnw).
# See docs/releasing.md for when to record (a release, or a deliberate API break before the first release).
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BASELINE="$ROOT/cnf/baseline"
REPO="$BASELINE/repo"
LIST="$BASELINE/bundles"

VERSION=$(sed -n 's:.*<siprec\.baseline\.version>[[:space:]]*\([^<[:space:]]*\)[[:space:]]*</siprec\.baseline\.version>.*:\1:p' "$ROOT/pom.xml" | head -n 1)
if [ -z "$VERSION" ]; then
  echo "record.sh: no <siprec.baseline.version> in $ROOT/pom.xml" >&2
  exit 1
fi

BUNDLES=$(sed -e 's/#.*//' -e 's/[[:space:]]//g' "$LIST" | grep -v '^$' || true)
if [ -z "$BUNDLES" ]; then
  echo "record.sh: $LIST lists no bundle" >&2
  exit 1
fi

if [ "${1:-}" = "--build" ]; then
  modules=$(for a in $BUNDLES; do printf 'bundles/%s,' "$a"; done)
  echo "Building ${modules%,} ..."
  (cd "$ROOT" && ${MVN:-mvn} -B -q package -DskipTests -pl "${modules%,}" -am)
elif [ -n "${1:-}" ]; then
  sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi

# every jar first, then the repository: a missing build leaves the recorded baseline as it was
for a in $BUNDLES; do
  set -- "$ROOT/bundles/$a/target/$a"-*.jar
  if [ "$#" -ne 1 ] || [ ! -f "$1" ]; then
    echo "record.sh: expected one jar bundles/$a/target/$a-*.jar, found: $*" >&2
    echo "           build first (mvn -B install -DskipTests), or run record.sh --build" >&2
    exit 1
  fi
  if ! unzip -p "$1" META-INF/MANIFEST.MF | grep -q '^Export-Package:'; then
    echo "record.sh: $a exports no package: nothing to baseline (remove it from $LIST)" >&2
    exit 1
  fi
done

mkdir -p "$REPO/org/siprec"
for dir in "$REPO"/org/siprec/*/; do
  [ -d "$dir" ] || continue
  a=$(basename "$dir")
  if ! printf '%s\n' $BUNDLES | grep -qx "$a"; then
    echo "removing $a (no longer listed)"
    rm -rf "$dir"
  fi
done

for a in $BUNDLES; do
  set -- "$ROOT/bundles/$a/target/$a"-*.jar
  jar=$1
  dest="$REPO/org/siprec/$a/$VERSION"
  rm -rf "$REPO/org/siprec/$a"
  mkdir -p "$dest"
  cp "$jar" "$dest/$a-$VERSION.jar"
  cat > "$dest/$a-$VERSION.pom" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>org.siprec</groupId>
  <artifactId>$a</artifactId>
  <version>$VERSION</version>
  <description>bnd baseline of $a (cnf/baseline/record.sh)</description>
</project>
EOF
  for f in "$dest/$a-$VERSION.jar" "$dest/$a-$VERSION.pom"; do
    sha1sum "$f" | cut -d ' ' -f 1 > "$f.sha1"
  done
  manifest=$(unzip -p "$jar" META-INF/MANIFEST.MF | tr -d '\r' | sed -e ':a' -e 'N' -e '$!ba' -e 's/\n //g')
  bundle_version=$(printf '%s\n' "$manifest" | sed -n 's/^Bundle-Version: //p')
  packages=$(printf '%s\n' "$manifest" | sed -n 's/^Export-Package: //p' \
    | sed 's/;uses:="[^"]*"//g; s/;version="\([^"]*\)"/ \1/g' | tr ',' '\n' | grep -v '^gov\.nist' | sed 's/^/    /')
  nist=$(printf '%s\n' "$manifest" | sed -n 's/^Export-Package: //p' | sed 's/;uses:="[^"]*"//g' | tr ',' '\n' | grep -c '^gov\.nist' || true)
  echo "recorded $a $VERSION (Bundle-Version $bundle_version) from ${jar#"$ROOT"/}"
  printf '%s\n' "$packages"
  if [ "$nist" -gt 0 ]; then
    echo "    and $nist gov.nist.* packages"
  fi
done
echo "Baseline $VERSION recorded in ${REPO#"$ROOT"/}: commit cnf/baseline."
