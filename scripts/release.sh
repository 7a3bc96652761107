#!/usr/bin/env bash
# Makes a release of Dapur Edge (RELEASING.md) in dist/<version>/: the jar, the Debian package (Architecture
# all: one package for arm64 and amd64 Pis and boxes), the software bill of materials (CycloneDX), the
# third-party licences, the update manifest signed with the fleet's Ed25519 release key (what self-update
# checks), and SHA256SUMS over all of them; then checks its own work ('dapur-edge release verify').
#
# Usage: scripts/release.sh VERSION --key FILE [--url BASE] [--out DIR] [--test]
#        scripts/release.sh --from-target --key FILE [--url BASE] [--out DIR]
#   VERSION        the release's version (1.2.0, 1.2.0-rc1); built from a clean checkout of HEAD (git worktree)
#   --key FILE     the private key from 'dapur-edge release keygen FILE' (FILE.pub beside it: its public key)
#   --url BASE     where the back office will serve the jar (default https://cloud.example.com/api/v1/releases)
#   --out DIR      where the release goes (default dist/<version>)
#   --test         run scripts/test.sh on the release build before packaging it
#   --from-target  package what edge-agent/target holds now, at its version, without building (to check this script)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
version= key= url=https://cloud.example.com/api/v1/releases out= test=0 from_target=0
while [ $# -gt 0 ]; do
  case "$1" in
    --key) key=$2; shift 2 ;;
    --url) url=${2%/}; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --test) test=1; shift ;;
    --from-target) from_target=1; shift ;;
    -*) echo "release.sh: unknown option $1 (see the top of scripts/release.sh)" >&2; exit 2 ;;
    *) version=$1; shift ;;
  esac
done
[ -n "$key" ] || { echo "release.sh: --key FILE is needed (make one with: dapur-edge release keygen FILE)" >&2; exit 2; }
[ -r "$key" ] || { echo "release.sh: cannot read the key $key" >&2; exit 2; }
[ -r "$key.pub" ] || { echo "release.sh: $key.pub (its public key, written by 'release keygen') is missing" >&2; exit 2; }
key=$(cd "$(dirname "$key")" && pwd)/$(basename "$key")

if [ "$from_target" = 1 ]; then
  target=$repo/edge-agent/target
  [ -f "$target/dapur-edge.jar" ] || { echo "release.sh: $target/dapur-edge.jar is missing: mvn package first" >&2; exit 2; }
  version=$(java -jar "$target/dapur-edge.jar" --version | awk '{print $2}')
else
  [[ "$version" =~ ^[0-9]{1,4}(\.[0-9]{1,6}){1,3}(-[A-Za-z0-9.]{1,32})?$ ]] \
    || { echo "release.sh: VERSION must be like 1.2.0 or 1.2.0-rc1, got '${version}'" >&2; exit 2; }
  if ! git diff --quiet || ! git diff --cached --quiet; then
    echo "release.sh: the working tree has changes; a release is built from a commit (commit or stash them)" >&2; exit 2
  fi
  build=$(mktemp -d)
  trap 'git -C "$repo" worktree remove --force "$build" >/dev/null 2>&1 || true' EXIT
  git worktree add --detach "$build" HEAD >/dev/null
  echo "building $version from $(git rev-parse --short HEAD) in $build"
  (cd "$build" && mvn -B -q versions:set -DnewVersion="$version" -DgenerateBackupPoms=false -DprocessAllModules=true)
  if [ "$test" = 1 ]; then
    (cd "$build" && scripts/test.sh)
  else
    (cd "$build" && mvn -B -q -DskipTests package)
  fi
  target=$build/edge-agent/target
fi
out=${out:-$repo/dist/$version}
mkdir -p "$out"
jar=dapur-edge-$version.jar
cp "$target/dapur-edge.jar" "$out/$jar"
# jdeb writes a pre-release's '-' as '~' (Debian's order: 1.2.0~rc1 sorts before 1.2.0)
deb=$(basename "$(ls "$target"/dapur-edge_*_all.deb | head -n 1)")
cp "$target/$deb" "$out/"
cp "$target/dapur-edge-sbom.json" "$out/dapur-edge-$version.sbom.json"
cp "$repo/LICENSE" "$repo/NOTICE" "$repo/CHANGELOG.md" "$out/"
# the third-party licences, from the SBOM: every component the jar bundles, with its licence
python3 - "$out/dapur-edge-$version.sbom.json" > "$out/THIRD-PARTY.txt" <<'PY'
import json, sys
bom = json.load(open(sys.argv[1]))
print("Components bundled in the Dapur Edge jar, with their licences (from the CycloneDX SBOM beside this file).\n")
for c in sorted(bom.get("components", []), key=lambda c: (c.get("group", ""), c.get("name", ""))):
    ids = []
    for l in c.get("licenses", []):
        lic = l.get("license", {})
        ids.append(lic.get("id") or lic.get("name") or l.get("expression") or "?")
    name = (c.get("group") + ":" if c.get("group") else "") + c.get("name", "?")
    print(f"{name} {c.get('version', '?')}: {', '.join(ids) if ids else 'licence not stated in its POM'}")
PY
java -jar "$out/$jar" release sign --key "$key" --url "$url/$jar" "$out/$jar" > "$out/dapur-edge-$version.update.json"
(cd "$out" && sha256sum "$jar" "$deb" "dapur-edge-$version.sbom.json" "dapur-edge-$version.update.json" \
  THIRD-PARTY.txt LICENSE NOTICE CHANGELOG.md > SHA256SUMS)
# check the release as a fleet operator would before sending it
(cd "$out" && sha256sum --quiet -c SHA256SUMS)
java -jar "$out/$jar" release verify --public-key "$key.pub" --manifest "$out/dapur-edge-$version.update.json" "$out/$jar"
dpkg-deb -f "$out/$deb" Package Version Architecture | tr '\n' ' '; echo
echo "release $version in $out:"
ls -l "$out"
