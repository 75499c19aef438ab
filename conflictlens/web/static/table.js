// The event list: the current selection as a sortable table, synced with the map both ways (a row
// opens its event and shows its marker; a marker opened or hovered marks its row; with "in map view"
// the list follows the map's box).
"use strict";

const TABLE_PAGE = 100;  // rows per page of the list
const COLUMNS = [  // [title, API sort key or null, cell]
  ["date", "event_date", e => e.event_date || `${e.date_min || "?"}…${e.date_max || "?"}`],
  ["type", "event_type", e => [shapeIcon(e.event_type, 11), " ", e.sub_event_type]],
  ["place", "location", e => [e.location, e.admin1].filter(Boolean).join(", ") || e.country],
  ["actors", "actor1", e => [e.actor1, e.actor2].filter(Boolean).join(" vs ")],
  ["killed", "fatalities", e => String(e.fatalities)],
  ["sources", "n_sources", e => String(e.sources.length)],
  ["confidence", "confidence", e => confidenceText(e.confidence)],
  ["reviewed", null, e => e.review && e.review.status ? `${e.review.status} (${e.review.reviewer})` : ""],
];
const table = { sort: "-event_date", offset: 0, total: 0, rows: new Map() };

function confidenceText(c) { return c === null || c === undefined ? "" : c.toFixed(2) + (c < LOW_CONFIDENCE ? " low" : ""); }

function tableFilters(f) {
  const out = { ...f };
  if (document.getElementById("in-view").checked) {
    const b = map.getBounds().pad(-0.02);
    out.bbox = [Math.max(-180, b.getWest()), Math.max(-90, b.getSouth()), Math.min(180, b.getEast()),
                Math.min(90, b.getNorth())].map(v => v.toFixed(4)).join(",");
  }
  return out;
}

async function loadTable(f) {
  const mine = (loadTable.n = (loadTable.n || 0) + 1);
  const data = await api("api/events", { ...tableFilters(f || filters()), sort: table.sort, limit: TABLE_PAGE,
                                         offset: table.offset });
  if (mine !== loadTable.n) return;  // a newer request is on its way
  table.total = data.total;
  const head = el("tr", {}, COLUMNS.map(([title, key]) => {
    const active = key && table.sort.replace("-", "") === key;
    return el("th", key ? { "data-sort": key, class: active ? "sorted" : null, title: "sort by " + title,
                            onclick: () => sortTable(key) } : {},
              title, active ? (table.sort.startsWith("-") ? " ▼" : " ▲") : "");
  }));
  table.rows.clear();
  const rows = data.items.map(e => {
    const tr = el("tr", { "data-id": e.event_id, class: rowClass(e),
                          onclick: () => { showEvent(e.event_id); const m = markerById.get(e.event_id); if (m) focusMarker(m); },
                          onmouseenter: () => hoverMarker(e.event_id, true), onmouseleave: () => hoverMarker(e.event_id, false) },
                  COLUMNS.map(([, , cell]) => el("td", {}, cell(e))));
    table.rows.set(e.event_id, tr);
    return tr;
  });
  document.getElementById("event-table").replaceChildren(el("thead", {}, head), el("tbody", {}, rows));
  const last = Math.min(data.total, table.offset + data.items.length);
  document.getElementById("table-count").textContent =
    data.total ? `${table.offset + 1}–${last} of ${data.total}` : "no events";
  document.getElementById("table-prev").disabled = table.offset === 0;
  document.getElementById("table-next").disabled = last >= data.total;
  document.getElementById("event-table").dataset.rows = String(rows.length);
  if (points.selected) highlightRow(points.selected, false, true);
}
function rowClass(e) {
  return [e.event_id === points.selected ? "selected" : "", e.confidence < LOW_CONFIDENCE ? "low" : "",
          e.review && e.review.status ? "reviewed " + e.review.status : ""].filter(Boolean).join(" ") || null;
}
function sortTable(key) {
  table.sort = table.sort === "-" + key ? key : table.sort === key ? "-" + key : (key === "event_date" || key === "fatalities"
    || key === "n_sources" || key === "confidence" ? "-" + key : key);
  table.offset = 0;
  loadTable();
}
// Mark an event's row: hovered (from its marker) or selected (scrolled into view).
function highlightRow(id, hover, select) {
  const tr = table.rows.get(id);
  if (select) for (const r of document.querySelectorAll("#event-table tr.selected")) r.classList.remove("selected");
  if (!tr) return;
  if (select) { tr.classList.add("selected"); tr.scrollIntoView({ block: "nearest" }); }
  else tr.classList.toggle("hover", hover);
}
function hoverMarker(id, on) {
  const m = markerById.get(id);
  if (!m) return;
  m.setStyle(on ? { ...markerStyle(m.point, true), color: "#00a0ff" } : markerStyle(m.point, id === points.selected));
}
document.getElementById("table-prev").addEventListener("click", () => { table.offset = Math.max(0, table.offset - TABLE_PAGE); loadTable(); });
document.getElementById("table-next").addEventListener("click", () => { table.offset += TABLE_PAGE; loadTable(); });
document.getElementById("in-view").addEventListener("change", () => { table.offset = 0; loadTable(); });
map.on("moveend", () => {
  if (!document.getElementById("in-view").checked) return;
  clearTimeout(loadTable.timer);
  loadTable.timer = setTimeout(() => { table.offset = 0; loadTable(); }, 150);
});
