#!/bin/sh
# Regenerates the default policies listed in models/manifest.json (run from the repo root).
# Demos are cached in data/demos/, so a second run only retrains.
set -e
npx tsx cli/main.ts policy train --task push-T --demos 300 --epochs 400 --seed 0 --out models/policy-push-T.onnx --slim --json
npx tsx cli/main.ts policy train --task rope-circle --demos 200 --epochs 400 --seed 0 --out models/policy-rope-circle.onnx --slim --json
npx tsx cli/main.ts policy train --task granular-T --demos 150 --epochs 400 --seed 0 --out models/policy-granular-T.onnx --slim --json
npx tsx cli/main.ts policy train --task cloth-flatten --demos 30 --episode-steps 3 --epochs 600 --seed 0 --out models/policy-cloth-flatten.onnx --slim --json
