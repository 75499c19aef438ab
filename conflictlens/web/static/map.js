// The map: an offline basemap (Natural Earth countries and first-level areas, town labels by zoom),
// events as type-shaped markers clustered by markercluster, and a province choropleth.
"use strict";

const MAX_POINTS = 20000;  // markers drawn at once (clustered); the status line says when there are more
const FOCUS_ZOOM = 10;     // zoom an opened event is shown at: its marker is out of any cluster there
const LABEL_PX = 6;        // gap kept around a town label: labels that would touch are left out

const map = L.map("map", { worldCopyJump: true, preferCanvas: true, minZoom: 2, maxZoom: 14 }).setView([34.8, 38.5], 6);
map.attributionControl.setPrefix(false);
map.attributionControl.addAttribution("Made with Natural Earth · places: GeoNames, UCDP");
for (const [name, z] of [["basemap", 200], ["areas", 250], ["labels", 350]]) {  // labels under the markers
  map.createPane(name).style.zIndex = z;
}
map.getPane("labels").style.pointerEvents = "none";
const areaRenderer = L.canvas({ pane: "areas", padding: 0.3 });

// -- basemap: countries filled, first-level areas outlined ------------------------------------
fetch("static/vendor/world-atlas/countries-50m.json").then(r => r.json()).then(topo => {
  L.geoJSON(topojson.feature(topo, topo.objects.countries), {
    pane: "basemap", renderer: L.canvas({ pane: "basemap" }), interactive: false,
    style: { color: "#8a8a8a", weight: 0.8, fillColor: "#f4f1ea", fillOpacity: 1 },
  }).addTo(map);
});
// First-level areas are drawn per country, and only for the countries in view from AREAS_ZOOM on:
// Leaflet re-projects every path of a layer on each zoom, and the world's 4,596 areas made every
// zoom and pan some 600 ms slower (docs/benchmarks.md); the countries in view are a few dozen.
const AREAS_ZOOM = 4;
const provinces = { layer: null, features: [], mode: "off", counts: null, byCountry: new Map() };
fetch("static/vendor/natural-earth/admin1-10m.json").then(r => r.json()).then(topo => {
  const fc = topojson.feature(topo, topo.objects.admin1);
  fc.features = fc.features.filter(f => f.geometry);
  provinces.features = fc.features.map(f => ({ feature: f, bbox: bboxOf(f.geometry) }));
  provinces.layer = L.featureGroup().addTo(map);
  for (const p of provinces.features) {
    const cc = p.feature.properties.iso_a2 || "?";
    const g = provinces.byCountry.get(cc) || { features: [], bbox: [180, 90, -180, -90], layer: null };
    g.features.push(p.feature);
    g.bbox = [Math.min(g.bbox[0], p.bbox[0]), Math.min(g.bbox[1], p.bbox[1]), Math.max(g.bbox[2], p.bbox[2]),
              Math.max(g.bbox[3], p.bbox[3])];
    provinces.byCountry.set(cc, g);
  }
  document.getElementById("map").dataset.provinces = String(fc.features.length);
  showAreasInView();
  if (provinces.mode !== "off") drawChoropleth();
});
function showAreasInView() {
  if (!provinces.layer) return;
  const b = map.getBounds(), on = map.getZoom() >= AREAS_ZOOM || provinces.mode !== "off";
  for (const g of provinces.byCountry.values()) {
    const [w, s, e, n] = g.bbox;
    const visible = on && !(e < b.getWest() || w > b.getEast() || n < b.getSouth() || s > b.getNorth());
    if (visible && !g.layer) {
      g.layer = L.geoJSON({ type: "FeatureCollection", features: g.features },
                          { pane: "areas", renderer: areaRenderer, interactive: false, style: provinceStyle });
    }
    if (g.layer && visible !== provinces.layer.hasLayer(g.layer)) {
      if (visible) provinces.layer.addLayer(g.layer); else provinces.layer.removeLayer(g.layer);
    }
  }
  document.getElementById("map").dataset.areasShown = String(provinces.layer.getLayers().length);
}
map.on("moveend", showAreasInView);

function bboxOf(geom) {
  let w = 180, s = 90, e = -180, n = -90;
  const rings = geom.type === "Polygon" ? geom.coordinates : geom.type === "MultiPolygon" ? geom.coordinates.flat() : [];
  for (const ring of rings) for (const [x, y] of ring) { w = Math.min(w, x); e = Math.max(e, x); s = Math.min(s, y); n = Math.max(n, y); }
  return [w, s, e, n];
}
function inRing(x, y, ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i], [xj, yj] = ring[j];
    if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
function inPolygon(x, y, rings) { return inRing(x, y, rings[0]) && !rings.slice(1).some(h => inRing(x, y, h)); }
// Areas by the 1-degree cells their bounding box covers, so a point is tested against a handful
// (10,000 points against all 4,596 areas took 1.4 s); an area wider than GRID_MAX_CELLS cells is
// tested for every point instead.
const GRID_MAX_CELLS = 400;
function areaGrid() {
  if (provinces.grid) return provinces.grid;
  const grid = new Map(), wide = [];
  for (const p of provinces.features) {
    const [w, s, e, n] = p.bbox.map(Math.floor);
    if ((e - w + 1) * (n - s + 1) > GRID_MAX_CELLS) { wide.push(p); continue; }
    for (let x = w; x <= e; x++) for (let y = s; y <= n; y++) {
      const k = x * 1000 + y;
      if (!grid.has(k)) grid.set(k, []);
      grid.get(k).push(p);
    }
  }
  return (provinces.grid = { grid, wide });
}
// The first-level area a point lies in (bounding boxes first, then the outline), or null.
function provinceAt(lat, lon) {
  const { grid, wide } = areaGrid();
  for (const p of [...(grid.get(Math.floor(lon) * 1000 + Math.floor(lat)) || []), ...wide]) {
    const [w, s, e, n] = p.bbox;
    if (lon < w || lon > e || lat < s || lat > n) continue;
    const g = p.feature.geometry;
    const polys = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
    if (polys.some(rings => inPolygon(lon, lat, rings))) return p.feature;
  }
  return null;
}

// -- province choropleth ----------------------------------------------------------------------
const CHORO_COLOURS = ["#fff5eb", "#fdd0a2", "#fdae6b", "#f16913", "#a63603"];  // ColorBrewer Oranges
function provinceStyle(f) {
  const base = { color: "#9a9a9a", weight: 0.5, opacity: 0.9, fill: false };
  if (provinces.mode === "off" || !provinces.counts) return base;
  const v = (provinces.counts.get(f) || {})[provinces.mode] || 0;
  if (!v) return base;
  const k = provinces.breaks.findIndex(b => v <= b);
  return { ...base, fill: true, fillColor: CHORO_COLOURS[k < 0 ? CHORO_COLOURS.length - 1 : k], fillOpacity: 0.75 };
}
// Counts of the events on the map per area: each point is placed in its area by its coordinates
// (the boundaries' names and ACLED's admin1 spellings differ, the coordinates do not).
function drawChoropleth() {
  if (!provinces.layer) return;
  if (provinces.mode !== "off") {
    const counts = new Map();
    for (const p of points.items) {
      const f = provinceAt(p.lat, p.lon);
      if (!f) continue;
      const c = counts.get(f) || { events: 0, fatalities: 0 };
      c.events += 1; c.fatalities += p.killed || 0;
      counts.set(f, c);
    }
    const values = [...counts.values()].map(c => c[provinces.mode]).filter(v => v > 0).sort((a, b) => a - b);
    // class breaks at quantiles of the areas that have any, so one big city does not flatten the rest
    provinces.breaks = [0.2, 0.4, 0.6, 0.8, 1].map(q => values[Math.min(values.length - 1, Math.floor(q * values.length))] || 0);
    provinces.counts = counts;
  }
  showAreasInView();
  for (const g of provinces.byCountry.values()) if (g.layer) g.layer.setStyle(provinceStyle);
  drawChoroLegend();
  document.getElementById("map").dataset.choropleth = provinces.mode;
}
const choroControl = L.control({ position: "topright" });
choroControl.onAdd = () => {
  const box = el("div", { class: "map-box choro" },
    el("label", {}, "provinces: ",
      el("select", { id: "choro-mode", onchange: ev => { provinces.mode = ev.target.value; drawChoropleth(); } },
        el("option", { value: "off" }, "outlines"), el("option", { value: "events" }, "events"),
        el("option", { value: "fatalities" }, "fatalities"))),
    el("div", { id: "choro-legend" }));
  L.DomEvent.disableClickPropagation(box);
  return box;
};
choroControl.addTo(map);
function drawChoroLegend() {
  const box = document.getElementById("choro-legend");
  if (provinces.mode === "off" || !provinces.breaks) { box.replaceChildren(); return; }
  let lo = 1;
  box.replaceChildren(...provinces.breaks.map((b, i) => {
    const row = el("div", {}, el("i", { style: `background:${CHORO_COLOURS[i]}` }), lo >= b ? `${b}` : `${lo}–${b}`);
    lo = b + 1;
    return row;
  }).filter((_, i, all) => i === 0 || provinces.breaks[i] !== provinces.breaks[i - 1]));
}
map.on("click", ev => {  // a click on the map (not on a marker) names the area and its counts
  const f = provinceAt(ev.latlng.lat, ev.latlng.lng);
  if (!f) return;
  const c = provinces.counts && provinces.mode !== "off" ? provinces.counts.get(f) : null;
  const n = c || countIn(f);
  L.popup({ autoPan: false }).setLatLng(ev.latlng)
    .setContent(el("div", {}, el("strong", {}, f.properties.name), ` (${f.properties.iso_a2})`, el("br"),
                   `${n.events} events on the map, ${n.fatalities} killed`)).openOn(map);
});
function countIn(f) {
  const n = { events: 0, fatalities: 0 };
  for (const p of points.items) if (provinceAt(p.lat, p.lon) === f) { n.events += 1; n.fatalities += p.killed || 0; }
  return n;
}

// -- town labels: the largest places in view, thinned so none overlap --------------------------
const labelLayer = L.layerGroup().addTo(map);
let labelRequest = 0;
async function loadLabels() {
  const b = map.getBounds(), z = map.getZoom(), mine = ++labelRequest;
  const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v, i) =>
    Math.max(i % 2 ? -90 : -180, Math.min(i % 2 ? 90 : 180, v)).toFixed(3)).join(",");
  let data;
  try { data = await api("api/labels", { bbox, limit: z < 5 ? 40 : z < 8 ? 90 : 150 }); } catch (err) { return; }
  if (mine !== labelRequest) return;  // the map moved again meanwhile
  labelLayer.clearLayers();
  const taken = [];
  for (const [name, lat, lon, pop] of data.items) {
    const size = pop >= 1e6 ? 14 : pop >= 2e5 ? 12.5 : pop >= 5e4 ? 11.5 : 10.5;
    const w = name.length * size * 0.55 + 8, h = size + 4, p = map.latLngToContainerPoint([lat, lon]);
    const box = [p.x - 3, p.y - h / 2, p.x + w, p.y + h / 2];
    if (taken.some(t => box[0] < t[2] + LABEL_PX && t[0] < box[2] + LABEL_PX && box[1] < t[3] && t[1] < box[3])) continue;
    taken.push(box);
    const span = el("span", { class: pop >= 2e5 ? "big" : pop ? null : "small" }, name);  // as text, never HTML
    span.style.fontSize = `${size}px`;
    labelLayer.addLayer(L.marker([lat, lon], { pane: "labels", interactive: false, keyboard: false,
      icon: L.divIcon({ className: "town-label", iconSize: null, iconAnchor: [3, h / 2], html: span }) }));
  }
  document.getElementById("map").dataset.labels = String(labelLayer.getLayers().length);
}
map.on("moveend", () => { clearTimeout(loadLabels.timer); loadLabels.timer = setTimeout(loadLabels, 120); });

// -- event markers: canvas shapes by type -----------------------------------------------------
L.Canvas.include({
  _updateShape(layer) {
    if (!this._drawing || layer._empty()) return;
    const p = layer._point, ctx = this._ctx, r = Math.max(Math.round(layer._radius), 1);
    ctx.beginPath();
    const pts = shapePoints(layer.options.shape, r);
    if (!pts) ctx.arc(p.x, p.y, r, 0, Math.PI * 2, false);
    else { pts.forEach(([x, y], i) => (i ? ctx.lineTo : ctx.moveTo).call(ctx, p.x + x, p.y + y)); ctx.closePath(); }
    this._fillStroke(ctx, layer);
  },
});
const ShapeMarker = L.CircleMarker.extend({
  options: { shape: "circle" },
  _updatePath() { this._renderer._updateShape(this); },
});

function markerStyle(p, selected) {
  const t = typeOf(p.type), low = p.confidence < LOW_CONFIDENCE, reviewed = p.review && p.review !== "rejected";
  return {
    shape: t.shape, radius: 5 + Math.min(p.sources, 4), fillColor: p.review === "rejected" ? "#bbbbbb" : t.colour,
    color: selected ? "#ffb000" : reviewed ? "#111" : "#333", weight: selected ? 4 : reviewed ? 2.5 : 1,
    fillOpacity: low ? 0.35 : 0.9, dashArray: low ? "3 3" : null,
    bubblingMouseEvents: false,  // a click on a marker is not also a click on the area under it
  };
}

function clusterIcon(cluster) {
  const byType = new Map();
  for (const m of cluster.getAllChildMarkers()) byType.set(m.point.type, (byType.get(m.point.type) || 0) + 1);
  const n = cluster.getChildCount();
  let at = 0;
  const stops = [...TYPES.map(t => t.name), ...[...byType.keys()].filter(k => !TYPE_BY_NAME[k])]
    .filter(k => byType.has(k)).map(k => {
      const from = at; at += 100 * byType.get(k) / n;
      return `${typeOf(k).colour} ${from.toFixed(1)}% ${at.toFixed(1)}%`;
    });
  const size = n < 10 ? 30 : n < 100 ? 36 : n < 1000 ? 42 : 48;
  const title = [...byType.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${v} ${k}`).join("\n");
  const ring = el("div", { class: "ring", title }, el("span", {}, String(n)));
  ring.style.background = `conic-gradient(${stops.join(",")})`;
  return L.divIcon({ className: "type-cluster", iconSize: [size, size], html: ring });
}
const clusters = L.markerClusterGroup({ chunkedLoading: true, maxClusterRadius: 45, iconCreateFunction: clusterIcon,
                                        showCoverageOnHover: false }).addTo(map);
const legend = L.control({ position: "bottomleft" });
legend.onAdd = () => el("div", { class: "legend map-box" },
  TYPES.map(t => el("div", {}, shapeIcon(t.name), " ", t.name)),
  el("div", {}, el("span", { class: "legend-cluster" }), " cluster: ring shows the mix of types"),
  el("div", {}, el("span", { class: "legend-low" }), ` faded, dashed: confidence below ${LOW_CONFIDENCE}`),
  el("div", {}, el("span", { class: "legend-reviewed" }), " dark outline: reviewed"));
legend.addTo(map);

const markerById = new Map();
const points = { items: [], selected: null };

// Centre the map on a marker, close enough that it is out of its cluster.  (markercluster's
// zoomToShowLayer waits for an icon, which canvas markers do not have.)
function focusMarker(m) {
  map.once("moveend", () => { if (map.hasLayer(m)) m.openTooltip(); });
  map.setView(m.getLatLng(), Math.max(map.getZoom(), FOCUS_ZOOM), { animate: false });
}
function selectMarker(id) {
  const old = points.selected && markerById.get(points.selected);
  if (old) old.setStyle(markerStyle(old.point, false));
  points.selected = id;
  const m = markerById.get(id);
  if (m) { m.setStyle(markerStyle(m.point, true)); m.bringToFront(); }
}

async function loadPoints(f) {
  const data = await api("api/points", { ...f, max_points: MAX_POINTS });
  clusters.clearLayers();
  markerById.clear();
  points.items = data.items.map(([id, lat, lon, type, day, sources, killed, confidence, review]) =>
    ({ id, lat, lon, type, day, sources, killed, confidence, review }));
  const layers = points.items.map(p => {
    const m = new ShapeMarker([p.lat, p.lon], markerStyle(p, p.id === points.selected));
    m.eventId = p.id;
    m.point = p;
    m.bindTooltip(`${p.day || "undated"} · ${p.type}${p.killed ? " · " + p.killed + " killed" : ""}` +
                  `${p.sources > 1 ? " · " + p.sources + " sources" : ""}${p.review ? " · " + p.review : ""}` +
                  `${p.confidence < LOW_CONFIDENCE ? " · low confidence" : ""}`);
    m.on("click", () => showEvent(p.id));
    m.on("mouseover", () => highlightRow(p.id, true));
    m.on("mouseout", () => highlightRow(p.id, false));
    markerById.set(p.id, m);
    return m;
  });
  clusters.addLayers(layers);
  document.getElementById("map").dataset.markers = String(layers.length);
  const low = points.items.filter(p => p.confidence < LOW_CONFIDENCE).length;
  setStatus(`${data.total} events match` + (data.total > layers.length ? `; the newest ${layers.length} are on the map` : "")
            + (low ? `; ${low} of low confidence` : ""));
  if (layers.length && !loadPoints.fitted) {
    // from the points, not the cluster group: its chunked loading may not have added them yet
    map.fitBounds(L.latLngBounds(points.items.map(p => [p.lat, p.lon])).pad(0.2), { maxZoom: 8 });
    loadPoints.fitted = true;
  }
  if (provinces.mode !== "off") drawChoropleth();
}
