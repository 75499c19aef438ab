// conflictlens web page: a map, a timeline and an event panel over the REST API (same origin).
// Every piece of text that comes from the data is put in the page as a text node (el/textContent),
// never as HTML, so markup inside an article cannot run.
"use strict";

const TYPE_COLOURS = {
  "Battles": "#d62728", "Explosions/Remote violence": "#ff7f0e", "Violence against civilians": "#9467bd",
  "Protests": "#2ca02c", "Riots": "#8c564b", "Strategic developments": "#1f77b4",
};
const MAX_POINTS = 20000;  // markers drawn at once (clustered); the status line says when there are more

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    node.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
  return node;
}

async function api(path, params) {
  const url = new URL(path, window.location.href);
  for (const [k, v] of Object.entries(params || {})) if (v !== "" && v !== null && v !== undefined) url.searchParams.set(k, v);
  const r = await fetch(url);
  const body = await r.json();
  if (!r.ok) throw new Error(body.error || r.statusText);
  return body;
}

// -- filters ----------------------------------------------------------------------------------
const form = document.getElementById("filters");
function filters() {
  const out = {};
  for (const [k, v] of new FormData(form).entries()) if (String(v).trim()) out[k] = String(v).trim();
  return out;
}
function setStatus(text) { document.getElementById("status").textContent = text; }

function updateDownloads(f) {
  for (const [id, format] of [["dl-csv", "acled-csv"], ["dl-geojson", "geojson"]]) {
    const url = new URL("api/export", window.location.href);
    for (const [k, v] of Object.entries(f)) url.searchParams.set(k, v);
    url.searchParams.set("format", format);
    document.getElementById(id).href = url.pathname + url.search;
  }
}

// -- map ----------------------------------------------------------------------------------------
const map = L.map("map", { worldCopyJump: true, preferCanvas: true, minZoom: 2, maxZoom: 13 }).setView([34.8, 38.5], 6);
fetch("static/vendor/world-atlas/countries-50m.json").then(r => r.json()).then(topo => {
  const land = topojson.feature(topo, topo.objects.countries);
  L.geoJSON(land, { style: { color: "#8a8a8a", weight: 0.6, fillColor: "#f4f1ea", fillOpacity: 1 }, interactive: false })
    .addTo(map).bringToBack();
});
const clusters = L.markerClusterGroup({ chunkedLoading: true, maxClusterRadius: 45 }).addTo(map);
const legend = L.control({ position: "bottomleft" });
legend.onAdd = () => el("div", { class: "legend" },
  Object.entries(TYPE_COLOURS).map(([t, c]) => el("div", {}, el("i", { style: `background:${c}` }), t)));
legend.addTo(map);
const markerById = new Map();

// Centre the map on a marker, close enough that it is out of its cluster.  (markercluster's
// zoomToShowLayer waits for an icon, which canvas circle markers do not have.)
function focusMarker(m) {
  map.once("moveend", () => { if (map.hasLayer(m)) m.openTooltip(); });
  map.setView(m.getLatLng(), Math.max(map.getZoom(), 10), { animate: false });
}

async function loadPoints(f) {
  const data = await api("api/points", { ...f, max_points: MAX_POINTS });
  clusters.clearLayers();
  markerById.clear();
  const layers = data.items.map(([id, lat, lon, type, day, nsrc, killed]) => {
    const m = L.circleMarker([lat, lon], { radius: 5 + Math.min(nsrc, 4), color: "#333", weight: 1,
                                           fillColor: TYPE_COLOURS[type] || "#777", fillOpacity: 0.85 });
    m.eventId = id;
    m.bindTooltip(`${day || "undated"} · ${type}${killed ? " · " + killed + " killed" : ""}${nsrc > 1 ? " · " + nsrc + " sources" : ""}`);
    m.on("click", () => showEvent(id));
    markerById.set(id, m);
    return m;
  });
  clusters.addLayers(layers);
  document.getElementById("map").dataset.markers = String(layers.length);
  setStatus(`${data.total} events match` + (data.total > layers.length ? `; the newest ${layers.length} are on the map` : ""));
  if (layers.length && !loadPoints.fitted) {
    map.fitBounds(clusters.getBounds().pad(0.2), { maxZoom: 8 });
    loadPoints.fitted = true;
  }
}

// -- timeline -----------------------------------------------------------------------------------
const svg = document.getElementById("timeline-svg");
const NS = "http://www.w3.org/2000/svg";
let timeline = { periods: [], x0: 0, x1: 0 };

async function loadTimeline(f) {
  const { date_from, date_to, ...rest } = f;  // the histogram shows the whole period; the selection is marked
  let data = await api("api/counts", { ...rest, by: "day" });
  if (data.items.length > 400) data = await api("api/counts", { ...rest, by: "week" });
  timeline.periods = data.items;
  drawTimeline(date_from, date_to);
}

function drawTimeline(from, to) {
  while (svg.firstChild) svg.removeChild(svg.firstChild);
  const items = timeline.periods;
  const w = svg.clientWidth || 800, h = svg.clientHeight || 90, pad = 14;
  if (!items.length) return;
  const t = s => Date.parse(s);
  const first = t(items[0].period), last = t(items[items.length - 1].period) + 86400000;
  const max = Math.max(...items.map(i => i.events));
  const x = v => pad + (w - 2 * pad) * (v - first) / Math.max(1, last - first);
  timeline.x = x; timeline.first = first; timeline.last = last; timeline.w = w; timeline.pad = pad;
  const lo = from ? t(from) : -Infinity, hi = to ? t(to) : Infinity;
  for (const i of items) {
    const x0 = x(t(i.period)), bh = (h - 24) * i.events / max;
    const bar = document.createElementNS(NS, "rect");
    bar.setAttribute("x", x0); bar.setAttribute("y", h - 14 - bh);
    bar.setAttribute("width", Math.max(1.5, (w - 2 * pad) / Math.max(1, (last - first) / 86400000) - 0.5));
    bar.setAttribute("height", bh);
    bar.setAttribute("class", "bar" + (t(i.period) >= lo && t(i.period) <= hi ? "" : " out"));
    const tip = document.createElementNS(NS, "title");
    tip.textContent = `${i.period}: ${i.events} events`;
    bar.appendChild(tip);
    svg.appendChild(bar);
  }
  for (const [v, anchor] of [[first, "start"], [last - 86400000, "end"]]) {
    const label = document.createElementNS(NS, "text");
    label.setAttribute("x", x(v)); label.setAttribute("y", h - 2); label.setAttribute("text-anchor", anchor);
    label.textContent = new Date(v).toISOString().slice(0, 10);
    svg.appendChild(label);
  }
}

function dateAt(px) {
  const { first, last, w, pad } = timeline;
  const v = first + (last - first) * Math.min(1, Math.max(0, (px - pad) / (w - 2 * pad)));
  return new Date(v).toISOString().slice(0, 10);
}

let brushStart = null, brushRect = null;
svg.addEventListener("mousedown", e => {
  brushStart = e.offsetX;
  brushRect = document.createElementNS(NS, "rect");
  brushRect.setAttribute("class", "brush"); brushRect.setAttribute("y", 0); brushRect.setAttribute("height", "100%");
  brushRect.setAttribute("x", brushStart); brushRect.setAttribute("width", 0);
  svg.appendChild(brushRect);
});
svg.addEventListener("mousemove", e => {
  if (brushStart === null) return;
  brushRect.setAttribute("x", Math.min(brushStart, e.offsetX));
  brushRect.setAttribute("width", Math.abs(e.offsetX - brushStart));
});
window.addEventListener("mouseup", e => {
  if (brushStart === null) return;
  const end = e.target === svg || svg.contains(e.target) ? e.offsetX : brushStart;
  const [a, b] = [Math.min(brushStart, end), Math.max(brushStart, end)];
  brushStart = null;
  if (b - a < 3) { form.date_from.value = ""; form.date_to.value = ""; }  // a click clears the period
  else { form.date_from.value = dateAt(a); form.date_to.value = dateAt(b); }
  refresh();
});

// -- event panel --------------------------------------------------------------------------------
function showTab(name) {
  for (const b of document.querySelectorAll("#side nav button")) b.classList.toggle("active", b.dataset.tab === name);
  document.getElementById("event-panel").hidden = name !== "event";
  document.getElementById("stories-panel").hidden = name !== "stories";
  if (name === "stories") loadStories();
}
for (const b of document.querySelectorAll("#side nav button")) b.addEventListener("click", () => showTab(b.dataset.tab));

function fields(pairs) {
  return el("dl", { class: "fields" }, pairs.filter(([, v]) => v !== "" && v !== null && v !== undefined)
    .map(([k, v]) => [el("dt", {}, k), el("dd", {}, String(v))]));
}

// The article's text with this report's evidence marked; other reports' evidence lighter.
function articleText(article, reportId) {
  const text = article.text, box = el("div", { class: "article-text" });
  const spans = article.spans.filter(s => s.field === "event")
    .sort((a, b) => a.start - b.start || (a.event_id === reportId ? -1 : 1));
  let pos = 0, firstMark = null;
  for (const s of spans) {
    if (s.start < pos) continue;  // overlapping spans: the first wins
    box.appendChild(document.createTextNode(text.slice(pos, s.start)));
    const m = el("mark", { class: "evidence" + (s.event_id === reportId ? "" : " other"), "data-event": s.event_id },
                 text.slice(s.start, s.end));
    if (s.event_id === reportId && !firstMark) firstMark = m;
    box.appendChild(m);
    pos = s.end;
  }
  box.appendChild(document.createTextNode(text.slice(pos)));
  if (firstMark) setTimeout(() => { box.scrollTop = firstMark.offsetTop - box.offsetTop - 20; }, 0);
  return box;
}

async function showEvent(id) {
  showTab("event");
  const panel = document.getElementById("event-panel");
  panel.replaceChildren(el("p", { class: "hint" }, "Loading…"));
  let data;
  try { data = await api(`api/events/${encodeURIComponent(id)}`); }
  catch (err) { panel.replaceChildren(el("p", { class: "hint" }, err.message)); return; }
  const e = data.event;
  const disputes = Object.entries(e.disagreements || {}).map(([field, groups]) =>
    el("div", { class: "disputed" }, `Sources disagree on ${field}: `,
       groups.map(g => `${g.value} (${g.sources.join(", ")})`).join("; ")));
  // a source's figure is marked when the sources disagree on that count
  const disputedKinds = new Set(Object.keys(e.disagreements || {}).includes("fatalities") ? ["killed"] : []);
  const figures = data.reports.flatMap(r => r.figures.map(f =>
    el("li", disputedKinds.has(f.kind) ? { class: "disputed", title: "the sources disagree on this figure" } : {},
       `${f.kind}: ${f.value} ("${f.reported}")${f.source ? " per " + f.source : ""} — ${r.outlet}`)));
  panel.replaceChildren(...[
    el("h3", {}, `${e.event_type} / ${e.sub_event_type}`),
    fields([["date", e.event_date ? `${e.event_date} (precision ${e.time_precision})` : `${e.date_min} to ${e.date_max}`],
            ["place", [e.location, e.admin1, e.country].filter(Boolean).join(", ")],
            ["actor 1", e.actor1], ["actor 2", e.actor2],
            ["fatalities", e.fatalities_max > e.fatalities ? `${e.fatalities} (sources: ${e.fatalities_min}–${e.fatalities_max})` : e.fatalities],
            ["sources", e.sources.join("; ")], ["story", e.story_id], ["id", e.event_id]]),
    disputes,
    (e.possible_duplicates || []).length ? el("p", {}, "Possible duplicates: ",
      e.possible_duplicates.map(([other, score]) => el("a", { href: "#", onclick: ev => { ev.preventDefault(); showEvent(other); } },
                                                        `${other} (${score}) `))) : null,
    figures.length ? el("div", {}, el("h4", {}, "Figures by source"), el("ul", {}, figures)) : null,
    el("h4", {}, `${data.reports.length} report(s)`),
  ].flat().filter(Boolean));
  for (const r of data.reports) {
    const box = el("div", { class: "report" },
      el("h4", {}, `${r.outlet}${r.published ? ", published " + r.published : ""}`),
      fields([["date", r.event_date], ["place", r.location], ["actors", [r.actor1, r.actor2].filter(Boolean).join(" vs ")],
              ["killed", r.fatalities]]));
    panel.appendChild(box);
    api(`api/articles/${encodeURIComponent(r.article_id)}`).then(a => {
      box.appendChild(el("div", {}, a.title ? el("strong", {}, a.title) : null));
      box.appendChild(articleText(a, r.event_id));
    }).catch(err => box.appendChild(el("p", { class: "hint" }, err.message)));
  }
  const m = markerById.get(e.event_id);
  if (m) focusMarker(m);
}

// -- stories ------------------------------------------------------------------------------------
async function loadStories() {
  const panel = document.getElementById("stories-panel");
  const data = await api("api/stories", { limit: 500 });
  panel.replaceChildren(el("p", { class: "hint" }, `${data.items.length} stories`),
    data.items.map(s => el("div", { class: "story", onclick: () => showStory(s.story_id) },
      el("div", {}, s.title || s.story_id),
      el("small", {}, `${s.first || "?"} – ${s.last || "?"} · ${s.articles.length} article(s) · ${s.events.length} event(s)`))));
}

async function showStory(id) {
  const panel = document.getElementById("stories-panel");
  const s = await api(`api/stories/${encodeURIComponent(id)}`);
  panel.replaceChildren(el("a", { href: "#", onclick: ev => { ev.preventDefault(); loadStories(); } }, "← all stories"),
    el("h3", {}, s.title || s.story_id), el("p", {}, `${s.first} – ${s.last}; articles: ${s.articles.join(", ")}`),
    el("ul", {}, s.event_items.map(e => el("li", {}, el("a", { href: "#", onclick: ev => { ev.preventDefault(); showEvent(e.event_id); } },
      `${e.event_date || "undated"} ${e.sub_event_type} — ${e.location || e.country}`)))));
}

// -- wiring -------------------------------------------------------------------------------------
async function refresh() {
  const f = filters();
  updateDownloads(f);
  try { await Promise.all([loadPoints(f), loadTimeline(f)]); }
  catch (err) { setStatus(`error: ${err.message}`); }
}
form.addEventListener("submit", ev => { ev.preventDefault(); refresh(); });
document.getElementById("reset").addEventListener("click", () => { form.reset(); refresh(); });
window.addEventListener("resize", () => drawTimeline(form.date_from.value, form.date_to.value));
for (const t of Object.keys(TYPE_COLOURS)) document.getElementById("type-select").appendChild(el("option", { value: t }, t));
refresh();
