// conflictlens web page: the filters and the wiring of map, timeline, list and panels (same-origin API).
"use strict";

const form = document.getElementById("filters");
function filters() {
  const out = {};
  for (const [k, v] of new FormData(form).entries()) if (String(v).trim()) out[k] = String(v).trim();
  if (out.hide_low) { delete out.hide_low; out.min_confidence = LOW_CONFIDENCE; }
  if (out.include_rejected) out.include_rejected = "true";
  return out;
}

function updateDownloads(f) {
  for (const [id, format] of [["dl-csv", "acled-csv"], ["dl-geojson", "geojson"]]) {
    const url = new URL("api/export", window.location.href);
    for (const [k, v] of Object.entries(f)) url.searchParams.set(k, v);
    url.searchParams.set("format", format);
    document.getElementById(id).href = url.pathname + url.search;
  }
}

async function refresh() {
  const f = filters();
  updateDownloads(f);
  table.offset = 0;
  try { await Promise.all([loadPoints(f), loadTimeline(f)]); await loadTable(f); }
  catch (err) { setStatus(`error: ${err.message}`); }
}
form.addEventListener("submit", ev => { ev.preventDefault(); refresh(); });
document.getElementById("reset").addEventListener("click", () => { form.reset(); form.story.value = "";
  document.getElementById("story-chip").hidden = true; refresh(); });
window.addEventListener("resize", () => drawTimeline(form.date_from.value, form.date_to.value));
for (const t of TYPES) document.getElementById("type-select").appendChild(el("option", { value: t.name }, t.name));
refresh().then(loadLabels);
