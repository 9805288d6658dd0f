#!/usr/bin/env bash
# fetch.sh re-creates the vendored files of web/vendor from the npm registry
# and rewrites MANIFEST.json. It is run by hand when a library is upgraded;
# nothing runs it at build or test time. The Go test in web/ checks that every
# file still matches the SHA-256 recorded here.
#
# Usage: web/vendor/fetch.sh   (needs npm, tar and sha256sum)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# package@version  file-in-tarball  vendored-name  licence-in-tarball  licence-name  spdx  note
files=(
  "sigma@3.0.3|package/dist/sigma.min.js|sigma.min.js|package/LICENSE.txt|LICENSE-sigma.txt|MIT|UMD build, global Sigma"
  "graphology@0.26.0|package/dist/graphology.umd.min.js|graphology.umd.min.js|package/LICENSE.txt|LICENSE-graphology.txt|MIT|UMD build, global graphology"
  "graphology-library@0.8.0|package/dist/graphology-library.min.js|graphology-library.min.js|package/LICENSE.txt|LICENSE-graphology-library.txt|MIT|UMD build, global graphologyLibrary (includes the ForceAtlas2 worker and graphology-canvas)"
  "htm@3.1.1|package/preact/standalone.module.js|htm-preact-standalone.module.js|package/LICENSE|LICENSE-htm.txt|Apache-2.0|ES module bundling htm with Preact 10 and its hooks"
  "preact@10.28.2|package/LICENSE|LICENSE-preact.txt|||MIT|licence of the Preact 10 code bundled in htm-preact-standalone.module.js"
)

{
  echo '{'
  echo '  "comment": "Vendored browser libraries. Written by fetch.sh; checked by web/vendor_test.go.",'
  echo '  "files": ['
  first=1
  for spec in "${files[@]}"; do
    IFS='|' read -r pkg src name lic licname spdx note <<<"$spec"
    dir="$work/${pkg//@/_}"
    if [[ ! -d "$dir" ]]; then
      mkdir -p "$dir"
      (cd "$work" && npm pack --silent "$pkg" >/dev/null)
      tar xzf "$work/$(echo "${pkg%@*}" | tr -d @ | tr / -)-${pkg##*@}.tgz" -C "$dir"
    fi
    cp "$dir/$src" "$here/$name"
    if [[ -n "$lic" ]]; then cp "$dir/$lic" "$here/$licname"; fi
    for f in "$name" ${lic:+"$licname"}; do
      sum="$(sha256sum "$here/$f" | cut -d' ' -f1)"
      [[ $first == 1 ]] || echo ','
      first=0
      printf '    {"path": "%s", "package": "%s", "version": "%s", "source": "%s", "license": "%s", "sha256": "%s", "note": "%s"}' \
        "$f" "${pkg%@*}" "${pkg##*@}" "$([[ $f == "$name" ]] && echo "$src" || echo "$lic")" "$spdx" "$sum" \
        "$([[ $f == "$name" ]] && echo "$note" || echo "licence text")"
    done
  done
  echo
  echo '  ]'
  echo '}'
} >"$here/MANIFEST.json.new"
mv "$here/MANIFEST.json.new" "$here/MANIFEST.json"
echo "wrote $here/MANIFEST.json"
