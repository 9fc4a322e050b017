#!/usr/bin/env bash
# Regenerates docs/pr-comment.png: the Markdown plan of examples/split-column v2 -> v3 as a
# pull-request comment shows it. Markdown -> HTML with cmark-gfm (GitHub's own fork of cmark),
# then a headless Chromium screenshot. GitHub draws the Mermaid block itself; offline, the same
# graph comes from `keel diff --format dot` through Graphviz.
#
# Needs cmark-gfm, chromium and graphviz (installed here when missing; not build or test
# dependencies, so scripts/bootstrap.sh leaves them out).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

need=()
for p in cmark-gfm chromium graphviz fonts-dejavu-core fonts-noto-color-emoji; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

KEEL=${KEEL:-$ROOT/build/keel}
[ -x "$KEEL" ] || "$ROOT/scripts/build.sh" "$ROOT/build" >/dev/null
FROM=examples/split-column/v2
TO=examples/split-column/v3
OUT=${1:-$ROOT/docs/pr-comment.png}

work=$(mktemp -d /tmp/keel-shot.XXXXXX)
trap 'rm -rf "$work"' EXIT
"$KEEL" diff --from "$FROM" --to "$TO" --format markdown >"$work/plan.md"
"$KEEL" diff --from "$FROM" --to "$TO" --format dot | dot -Tsvg >"$work/graph.svg"
cmark-gfm --unsafe --github-pre-lang -e table -e strikethrough -e autolink "$work/plan.md" \
  >"$work/body.html"

python3 - "$work" <<'PY'
import pathlib, re, sys
work = pathlib.Path(sys.argv[1])
body = (work / "body.html").read_text()
svg = (work / "graph.svg").read_text()
svg = svg[svg.index("<svg"):]
body = re.sub(r'<pre lang="mermaid"><code>.*?</code></pre>',
              lambda m: '<div class="graph">' + svg + '</div>', body, flags=re.S)
css = """
body { font: 14px/1.5 'DejaVu Sans', sans-serif; color: #1f2328; background: #f6f8fa; margin: 0; }
.comment { width: 920px; margin: 16px; background: #fff; border: 1px solid #d0d7de;
           border-radius: 6px; }
.header { background: #f6f8fa; border-bottom: 1px solid #d0d7de; padding: 8px 16px;
          color: #656d76; border-radius: 6px 6px 0 0; }
.header b { color: #1f2328; }
.markdown { padding: 16px; }
h2 { font-size: 1.5em; border-bottom: 1px solid #d8dee4; padding-bottom: .3em; margin-top: 0; }
h3 { font-size: 1.25em; margin: 24px 0 16px; }
table { border-collapse: collapse; margin: 0 0 16px; display: block; overflow: auto; }
th, td { border: 1px solid #d0d7de; padding: 6px 13px; }
th { font-weight: 600; background: #f6f8fa; }
tr:nth-child(2n) { background: #f6f8fa; }
code { font: 85% 'DejaVu Sans Mono', monospace; background: rgba(175,184,193,.2);
       padding: .2em .4em; border-radius: 6px; }
details { margin: 8px 0; } summary { cursor: pointer; }
.graph svg { max-width: 100%; height: auto; }
"""
html = ("<!doctype html><meta charset=utf-8><style>" + css + "</style>"
        "<div class=comment><div class=header><b>keel-bot</b> commented</div>"
        "<div class=markdown>" + body + "</div></div>")
(work / "comment.html").write_text(html)
PY

chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=960,1700 \
  --screenshot="$OUT" "file://$work/comment.html" >/dev/null 2>&1
echo "wrote $OUT"
