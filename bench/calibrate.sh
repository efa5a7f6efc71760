#!/usr/bin/env bash
# Fits config/calibration.yaml (the relevance calibration of each embedding model, README "Semantic memory") on
# CLINC150's development splits (train, val, oos_val; never test). Run after changing the classifier, the features,
# the background sentences or the models, then commit the file.
# Usage: bash bench/calibrate.sh [data_full.json] [models]   (default: both shipped models)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-../shared/data/clinc150/data_full.json}
[ -f "$DATA" ] || DATA=/work/shared/data/clinc150/data_full.json
MODELS=${2:-bge-small-en-v15-q,all-minilm-l6-v2-q}
./mvnw -B -q -o -DskipTests package >/dev/null 2>&1 || ./mvnw -B -q -DskipTests package
./mvnw -B -q -o test-compile
LIB=target/calibrate-lib
rm -rf "$LIB" && mkdir -p "$LIB" && (cd "$LIB" && unzip -q ../agent-hub-0.1.0-SNAPSHOT.jar 'BOOT-INF/lib/*')
for model in ${MODELS//,/ }; do
  java -cp "target/test-classes:target/classes:$LIB/BOOT-INF/lib/*" com.misybot.hub.memory.vector.CalibrationFit \
    "$DATA" "$model" config/calibration.yaml
done
