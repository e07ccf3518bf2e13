#!/usr/bin/env bash
# Copy the third-party front-end code that the pages use from node_modules into build/static.
# Nothing here is committed: it comes from the registry through package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."
out=build/static/vendor
rm -rf "$out" && mkdir -p "$out"
cp node_modules/htmx.org/dist/htmx.min.js "$out/htmx.min.js"
# Leaflet (the report and public maps): its script, stylesheet and marker images, side by side so
# that leaflet.css finds images/ relative to itself; the source map too, which leaflet.js names
# (collectstatic's manifest refuses a script whose map is missing).
mkdir -p "$out/leaflet/images"
cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.js.map \
  node_modules/leaflet/dist/leaflet.css "$out/leaflet/"
cp node_modules/leaflet/dist/images/*.png "$out/leaflet/images/"
