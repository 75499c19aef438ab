#!/usr/bin/env bash
# Copy the web page's third-party files from the npm registry into conflictlens/web/static/vendor,
# so `conflictlens serve` works offline (no request leaves the machine).  Re-run to upgrade.
#   Leaflet 1.9.4 (BSD-2-Clause), Leaflet.markercluster 1.5.3 (MIT), topojson-client 3.1.0 (ISC),
#   world-atlas 2.0.2 (ISC; Natural Earth data, public domain).
set -euo pipefail
cd "$(dirname "$0")/.."
dest=conflictlens/web/static/vendor
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent leaflet@1.9.4 leaflet.markercluster@1.5.3 topojson-client@3.1.0 world-atlas@2.0.2 >/dev/null)
rm -rf "$dest" && mkdir -p "$dest/leaflet/images" "$dest/markercluster" "$dest/topojson" "$dest/world-atlas"
unpack() { mkdir -p "$tmp/$1" && tar xzf "$tmp"/$2 -C "$tmp/$1" --strip-components=1; }
unpack leaflet 'leaflet-1.9.4.tgz'
unpack mc 'leaflet.markercluster-1.5.3.tgz'
unpack topo 'topojson-client-3.1.0.tgz'
unpack atlas 'world-atlas-2.0.2.tgz'
cp "$tmp"/leaflet/dist/leaflet.js "$tmp"/leaflet/dist/leaflet.css "$tmp"/leaflet/LICENSE "$dest/leaflet/"
cp "$tmp"/leaflet/dist/images/*.png "$dest/leaflet/images/"
cp "$tmp"/mc/dist/leaflet.markercluster.js "$tmp"/mc/dist/MarkerCluster.css "$tmp"/mc/dist/MarkerCluster.Default.css \
   "$tmp"/mc/MIT-LICENCE.txt "$dest/markercluster/"
cp "$tmp"/topo/dist/topojson-client.min.js "$tmp"/topo/LICENSE "$dest/topojson/"
cp "$tmp"/atlas/countries-50m.json "$tmp"/atlas/LICENSE "$dest/world-atlas/"
du -sh "$dest"
