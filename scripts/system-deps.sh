#!/usr/bin/env bash
# Installs the system packages csto-kg needs, skipping what is already there:
#   java (default-jre-headless)  for the HermiT reasoner that owlready2 runs.
# Runs `apt-get update` at most once. Where it cannot install (not root, no apt-get), it names what is missing
# and exits 1.
set -euo pipefail

missing=()
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "csto-kg: missing system packages: ${missing[*]}" >&2
  echo "  java is needed for the HermiT reasoner; install a Java runtime (Debian/Ubuntu: apt-get install default-jre-headless)" >&2
  echo "  and run make again. Without it, only 'csto-kg build --no-hermit' works." >&2
  exit 1
fi
echo "csto-kg: installing ${missing[*]} with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
