#!/usr/bin/env bash
# System packages the pipeline needs besides Python: the X/GL client libraries
# that PyPI's bpy (Blender) links against, Node.js + npm for Khronos'
# glTF-Validator, Godot 3's headless build for the export's load test
# (python -m pipeline.godot_check), and Chromium for the review gallery's test. Installs only what is missing (Debian/Ubuntu, needs root).
set -euo pipefail
missing=()
for lib in libX11.so.6:libx11-6 libXrender.so.1:libxrender1 libXfixes.so.3:libxfixes3 libXi.so.6:libxi6 \
           libxkbcommon.so.0:libxkbcommon0 libSM.so.6:libsm6 libGL.so.1:libgl1; do
  ldconfig -p | grep -q "${lib%%:*}" || missing+=("${lib##*:}")
done
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
command -v godot3-server >/dev/null || missing+=(godot3-server)
command -v chromium >/dev/null || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing system packages: ${missing[*]}"
  if [ "$(id -u)" != 0 ]; then
    echo "error: run as root, or install them yourself: apt-get install ${missing[*]}" >&2
    exit 1
  fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
