#!/usr/bin/env bash
# Installs the system packages csto-kg needs for a purpose, skipping what is already there:
#   scripts/system-deps.sh demo    the main job (build, query, pictures):
#     default-jre-headless  java, for the HermiT reasoner that owlready2 runs
#     graphviz              dot, for `csto-kg diagram`
#     libcairo2             the Cairo library cairosvg uses to turn SVG pictures into PNG
#     fonts-dejavu-core     a font with Cyrillic for the pictures' Russian labels
#   scripts/system-deps.sh test    the above, and what only the tests need:
#     chromium              the headless browser the tests drive the web page of `csto-kg serve` with
#     virtuoso-opensource   OpenLink Virtuoso 7, one of the SPARQL servers the tests push the graph to
#   scripts/system-deps.sh bench   the above, and wrk, the HTTP load generator of bench/serve_bench.py
# Runs `apt-get update` at most once, and waits for another apt to release its lock rather than fail. Where it
# cannot install (not root, no apt-get), it names what is missing and what needs it, and exits 1.
set -euo pipefail
purpose="${1:-test}"

missing=()
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v dot >/dev/null 2>&1 || missing+=(graphviz)
{ ldconfig -p 2>/dev/null | grep -q 'libcairo\.so\.2'; } || missing+=(libcairo2)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
if [ "$purpose" = test ] || [ "$purpose" = bench ]; then
  { command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; } || missing+=(chromium)
  command -v virtuoso-t >/dev/null 2>&1 || missing+=(virtuoso-opensource)
fi
if [ "$purpose" = bench ]; then
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "csto-kg: missing system packages: ${missing[*]}" >&2
  echo "  default-jre-headless: the HermiT reasoner (without it only 'csto-kg build --no-hermit' works)" >&2
  echo "  graphviz: 'csto-kg diagram'; libcairo2, fonts-dejavu-core: the pictures of 'csto-kg timeline' and 'csto-kg diagram'" >&2
  echo "  chromium: the tests of the web page of 'csto-kg serve'; virtuoso-opensource: the tests on a Virtuoso server" >&2
  echo "  wrk: the server benchmark (make bench)" >&2
  echo "  Install them (Debian/Ubuntu: apt-get install ${missing[*]}) and run make again." >&2
  exit 1
fi
echo "csto-kg: installing ${missing[*]} with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
wait_lock=(-o DPkg::Lock::Timeout=600)   # another apt (an unattended upgrade) may hold the lock: wait for it
apt-get "${wait_lock[@]}" update -qq
apt-get "${wait_lock[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
