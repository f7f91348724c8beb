#!/usr/bin/env bash
# Usage: eng/language-subtags.sh [version]
#
# Regenerates src/Domain/Influencers/language-subtag-registry.txt, the IANA Language Subtag
# Registry's subtags by which LanguageTag tells valid tags, from npm's language-subtag-registry
# package: the version given, else the one kept in eng/language-subtags/ (which then must come out
# byte for byte the same). The package is downloaded with npm, checked against the registry's
# integrity hash, and kept in eng/language-subtags/ in place of the previous one, so that the tests
# can regenerate the data from it without network (tests/Layers.Tooling.Tests).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

package=language-subtag-registry
dir=eng/language-subtags
output=src/Domain/Influencers/language-subtag-registry.txt

kept=("$dir"/"$package"-*.tgz)
if [ "$#" -gt 1 ] || [[ "${1:-}" == -* ]]; then
  echo "usage: eng/language-subtags.sh [version]" >&2
  exit 2
fi
version=${1:-}
if [ -z "$version" ]; then
  if [ "${#kept[@]}" -ne 1 ] || [ ! -f "${kept[0]}" ]; then
    echo "no single $dir/$package-*.tgz to take the version from: name one" >&2
    exit 2
  fi
  version=$(basename "${kept[0]}" .tgz)
  version=${version#"$package"-}
fi
if [[ ! "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  echo "'$version' is not a version x.y.z" >&2
  exit 2
fi
for tool in npm dotnet openssl; do
  command -v "$tool" >/dev/null || { echo "$tool is needed" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# npm pack checks the tarball against the registry's integrity hash; comparing it once more here
# also covers a tarball that npm served from its cache.
npm pack "$package@$version" --pack-destination "$work" --ignore-scripts --silent >/dev/null
tarball="$work/$package-$version.tgz"
expected=$(npm view "$package@$version" dist.integrity)
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 | tr -d '\n')"
if [ "$expected" != "$actual" ]; then
  echo "$package@$version: integrity $actual, the registry says $expected" >&2
  exit 1
fi

rm -f "$dir"/"$package"-*.tgz
mkdir -p "$dir"
cp "$tarball" "$dir/"
dotnet run -c Release --project eng/LanguageSubtags -- "$dir/$package-$version.tgz" "$output"
git --no-pager diff --stat -- "$dir" "$output" || true
