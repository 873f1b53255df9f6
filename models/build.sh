#!/bin/sh
# Regenerates the default policies listed in models/manifest.json (run from the repo root).
# Demos are collected with the current scripted experts into data/demos/ (cache keyed by expert
# version, states, k, points, episode length and seed), so a second run only retrains.
# Many short episodes, so the demo states cover the start distribution.
set -e
npx tsx cli/main.ts policy train --task push-T --demos 400 --episode-steps 8 --epochs 400 --seed 0 --local-kind attention --out models/policy-push-T.onnx --slim --json
npx tsx cli/main.ts policy train --task rope-circle --demos 800 --episode-steps 10 --epochs 300 --seed 0 --local none --out models/policy-rope-circle.onnx --slim --json
npx tsx cli/main.ts policy train --task granular-T --demos 240 --episode-steps 5 --epochs 400 --seed 0 --out models/policy-granular-T.onnx --slim --json
npx tsx cli/main.ts policy train --task cloth-flatten --demos 240 --episode-steps 3 --alternatives 2 --epochs 400 --seed 0 --local-kind attention --out models/policy-cloth-flatten.onnx --slim --json
npx tsx cli/main.ts policy train --task tshirt-unfold --demos 240 --episode-steps 3 --alternatives 2 --epochs 400 --seed 0 --out models/policy-tshirt-unfold.onnx --slim --json
