#!/usr/bin/env bash
# Install (or update) and start a ComfyUI server for one Backbay role, on a fresh
# Linux machine with an NVIDIA GPU or on a RunPod pod. See deploy/README.md.
#
#   bash setup_comfyui_server.sh image|mesh|material [--with-chord] [--no-start] [--dir DIR]
#
# Safe to run again (e.g. as a pod's start command): finished steps are skipped,
# downloads resume, and ComfyUI is started in the foreground on 0.0.0.0:8188.
#
# Environment (all optional):
#   COMFYUI_DIR       install folder (default /workspace/ComfyUI where /workspace exists, the
#                     RunPod volume that survives a pod stop; else ~/ComfyUI)
#   COMFYUI_VERSION   ComfyUI git tag (default below; >= v0.3.45 for caller-chosen prompt ids)
#   COMFYUI_LISTEN    address to listen on (default 0.0.0.0), COMFYUI_PORT (default 8188)
#   TORCH_INDEX_URL   PyTorch wheel index when no CUDA torch is installed (default CUDA 12.8)
#   HF_TOKEN          Hugging Face token, only needed for gated models (CHORD); never printed
#   BACKBAY_WITH_CHORD=1  same as --with-chord
set -euo pipefail

# Pinned, so that every server of a role runs the same code (not run on a GPU from here:
# the workflows were checked against these projects' source, not executed on them).
COMFYUI_REPO="https://github.com/comfyanonymous/ComfyUI.git"
COMFYUI_VERSION="${COMFYUI_VERSION:-v0.3.76}"
SEAMLESS_REPO="https://github.com/spinagon/ComfyUI-seamless-tiling.git"
SEAMLESS_COMMIT="9225ed5d2293c8cad25a11385ffe681e9b349f14"   # SeamlessTile, CircularVAEDecode
CHORD_REPO="https://github.com/ubisoft/ComfyUI-Chord.git"
CHORD_COMMIT="270ac93967f67591a8501a1baa9d452915c082c6"
TORCH_INDEX_URL="${TORCH_INDEX_URL:-https://download.pytorch.org/whl/cu128}"

HF="https://huggingface.co"
# folder under models/ | file name the workflows use | source
SDXL=("checkpoints" "sd_xl_base_1.0.safetensors"
      "$HF/stabilityai/stable-diffusion-xl-base-1.0/resolve/main/sd_xl_base_1.0.safetensors")
POSE=("controlnet" "thibaud_xl_openpose.safetensors"                  # portrait_sdxl_controlnet (optional workflow)
      "$HF/lllyasviel/sd_control_collection/resolve/main/thibaud_xl_openpose.safetensors")
HUNYUAN=("checkpoints" "hunyuan3d-dit-v2.safetensors"
         "$HF/tencent/Hunyuan3D-2/resolve/main/hunyuan3d-dit-v2-0/model.fp16.safetensors")
CHORD=("checkpoints" "chord_v1.safetensors"
       "$HF/Ubisoft/ubisoft-laforge-chord/resolve/main/chord_v1.safetensors")

say() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] error: %s\n' "$*" >&2; exit 1; }

usage() {
    cat <<'EOF'
usage: setup_comfyui_server.sh image|mesh|material [--with-chord] [--no-start] [--dir DIR]
  image      SDXL base 1.0 (portraits, icons, mesh reference images) + the SDXL OpenPose ControlNet
  mesh       Hunyuan3D 2.0 shape model (native ComfyUI nodes)
  material   SDXL base 1.0 + spinagon/ComfyUI-seamless-tiling
  --with-chord  material only: also ubisoft/ComfyUI-Chord (research-only licence, gated model: HF_TOKEN)
  --no-start    install only, do not start ComfyUI
EOF
}

# --- arguments ------------------------------------------------------------------
ROLE=""
START=1
WITH_CHORD="${BACKBAY_WITH_CHORD:-0}"
DIR="${COMFYUI_DIR:-}"
while [[ $# -gt 0 ]]; do
    case "$1" in
        image|mesh|material) [[ -z $ROLE ]] || die "give one role, not '$ROLE' and '$1'"; ROLE="$1" ;;
        --with-chord) WITH_CHORD=1 ;;
        --no-start) START=0 ;;
        --dir) [[ $# -ge 2 ]] || die "--dir needs a folder"; DIR="$2"; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument '$1'" ;;
    esac
    shift
done
[[ -n $ROLE ]] || { usage >&2; die "give the server's role: image, mesh or material"; }
[[ $WITH_CHORD == 1 || $WITH_CHORD == 0 ]] || die "BACKBAY_WITH_CHORD must be 1 or 0"
if [[ $WITH_CHORD == 1 && $ROLE != material ]]; then
    die "CHORD belongs on a material server: run with the role 'material'"
fi
if [[ -z $DIR ]]; then
    if [[ -d /workspace && -w /workspace ]]; then DIR=/workspace/ComfyUI; else DIR="$HOME/ComfyUI"; fi
fi
LISTEN="${COMFYUI_LISTEN:-0.0.0.0}"
PORT="${COMFYUI_PORT:-8188}"

# --- what this machine must have ------------------------------------------------
for tool in git curl python3; do
    command -v "$tool" >/dev/null || die "$tool is not installed (Debian/Ubuntu: apt-get install -y $tool)"
done
python3 -c 'import sys; sys.exit(sys.version_info < (3, 10))' \
    || die "Python 3.10 or newer is needed (found $(python3 --version 2>&1))"
python3 -c 'import venv, ensurepip' 2>/dev/null \
    || die "python3 cannot make virtual environments (Debian/Ubuntu: apt-get install -y python3-venv)"
if ! { command -v nvidia-smi >/dev/null && nvidia-smi -L >/dev/null 2>&1; }; then
    die "no NVIDIA GPU or driver found (nvidia-smi): ComfyUI would run on the CPU, far too slowly"
fi
say "role $ROLE, ComfyUI $COMFYUI_VERSION in $DIR; GPU: $(nvidia-smi --query-gpu=name,memory.total --format=csv,noheader | head -n 1)"

# --- ComfyUI and its Python environment ------------------------------------------
checkout() {  # repo commit-or-tag folder
    local repo="$1" ref="$2" dir="$3"
    if [[ ! -d $dir/.git ]]; then
        [[ ! -e $dir ]] || die "$dir exists but is not a git checkout: move it away or pass --dir"
        git clone --quiet "$repo" "$dir"
    fi
    if [[ $(git -C "$dir" rev-parse HEAD) != $(git -C "$dir" rev-parse --verify --quiet "$ref^{commit}" || true) ]]; then
        git -C "$dir" fetch --quiet --tags origin
        git -C "$dir" -c advice.detachedHead=false checkout --quiet "$ref" \
            || die "cannot check out $ref in $dir (local changes? a wrong COMFYUI_VERSION?)"
    fi
}

checkout "$COMFYUI_REPO" "$COMFYUI_VERSION" "$DIR"
VENV="$DIR/venv"
if [[ ! -x $VENV/bin/python ]]; then
    say "making a virtual environment (reusing the system's CUDA PyTorch where there is one)"
    python3 -m venv --system-site-packages "$VENV"
fi
PY="$VENV/bin/python"
"$PY" -m pip install --quiet --upgrade pip
if ! "$PY" -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)' 2>/dev/null; then
    say "installing PyTorch with CUDA from $TORCH_INDEX_URL"
    "$PY" -m pip install --quiet torch torchvision torchaudio --index-url "$TORCH_INDEX_URL"
    "$PY" -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)' \
        || die "PyTorch cannot see the GPU: the driver may be too old for $TORCH_INDEX_URL (set TORCH_INDEX_URL, e.g. .../whl/cu126)"
fi
say "installing ComfyUI's requirements"
"$PY" -m pip install --quiet -r "$DIR/requirements.txt"

# --- custom nodes ----------------------------------------------------------------
if [[ $ROLE == material ]]; then
    say "custom nodes: spinagon/ComfyUI-seamless-tiling"
    checkout "$SEAMLESS_REPO" "$SEAMLESS_COMMIT" "$DIR/custom_nodes/ComfyUI-seamless-tiling"
fi
if [[ $WITH_CHORD == 1 ]]; then
    cat <<'EOF'
[setup] ---------------------------------------------------------------------------
[setup] CHORD (ubisoft/ComfyUI-Chord and the chord_v1.safetensors model) is released
[setup] under the Ubisoft Machine Learning License (Research-Only - Copyleft):
[setup] academic or research use only, commercial use strictly prohibited, and
[setup] derivatives carry the same licence. Installing it because --with-chord or
[setup] BACKBAY_WITH_CHORD=1 was given. Full text: the LICENSE file of the checkout.
[setup] ---------------------------------------------------------------------------
EOF
    checkout "$CHORD_REPO" "$CHORD_COMMIT" "$DIR/custom_nodes/ComfyUI-Chord"
    "$PY" -m pip install --quiet -r "$DIR/custom_nodes/ComfyUI-Chord/requirements.txt"
fi

# --- model files -------------------------------------------------------------------
download() {  # folder name url [gated]
    local dest="$DIR/models/$1/$2" url="$3" gated="${4:-}"
    if [[ -s $dest ]]; then say "have models/$1/$2"; return; fi
    mkdir -p "$(dirname "$dest")"
    local free_gb
    free_gb=$(df -Pk "$(dirname "$dest")" | awk 'NR == 2 {print int($4 / 1048576)}')
    if (( free_gb < 10 )); then say "warning: only ${free_gb} GB free for models/$1/$2"; fi
    say "downloading models/$1/$2"
    # The token goes to curl on stdin (--config -), so it never appears in the process list.
    local status=0
    {
        if [[ -n ${HF_TOKEN:-} ]]; then printf 'header = "Authorization: Bearer %s"\n' "$HF_TOKEN"; fi
    } | curl --config - --fail --location --retry 5 --retry-delay 5 --continue-at - \
            --progress-bar --output "$dest.part" "$url" || status=$?
    if (( status != 0 )); then
        if [[ -n $gated ]]; then
            die "download of $2 failed (curl exit $status): it is a gated model — accept its licence at ${url%%/resolve/*} and export HF_TOKEN=<a Hugging Face read token>"
        fi
        die "download of $2 failed (curl exit $status): check the network and run this script again (it resumes)"
    fi
    if (( $(stat -c %s "$dest.part") < 1000000 )); then
        rm -f "$dest.part"
        die "$2 came back smaller than 1 MB (an error page?): run this script again"
    fi
    mv "$dest.part" "$dest"
}

case "$ROLE" in
    image) download "${SDXL[@]}"; download "${POSE[@]}" ;;
    material) download "${SDXL[@]}" ;;
    mesh) download "${HUNYUAN[@]}" ;;
esac
if [[ $WITH_CHORD == 1 ]]; then download "${CHORD[@]}" gated; fi

# --- start -------------------------------------------------------------------------
if [[ $START == 0 ]]; then
    say "installed; start it with: cd $DIR && $PY main.py --listen $LISTEN --port $PORT"
    exit 0
fi
say "starting ComfyUI on $LISTEN:$PORT (it has no authentication of its own: keep the port private)"
cd "$DIR"
exec "$PY" main.py --listen "$LISTEN" --port "$PORT"
