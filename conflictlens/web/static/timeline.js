// The timeline: events per day, week, month or year, stacked by type, on a date axis with counts;
// drag across it to select a period (the band shows its dates), click to clear it.
"use strict";

const svg = document.getElementById("timeline-svg");
const DAY = 86400000;
// Bins: the finest whose bar count stays readable (at most MAX_BARS bars across the period).
const MAX_BARS = 160;
const BINS = [
  { by: "day", days: 1 }, { by: "week", days: 7 }, { by: "month", days: 30.44 }, { by: "year", days: 365.25 },
];
const PAD = { left: 38, right: 12, top: 16, bottom: 20 };
const MAX_BAR_PX = 48;  // a period or two alone would otherwise be one wall of colour
const timeline = { items: [], by: "month", first: 0, last: 0, x: null, w: 0 };

function nextPeriod(ms, by) {
  const d = new Date(ms);
  if (by === "day") return ms + DAY;
  if (by === "week") return ms + 7 * DAY;
  if (by === "month") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  return Date.UTC(d.getUTCFullYear() + 1, 0, 1);
}

async function loadTimeline(f) {
  const { date_from, date_to, ...rest } = f;  // the histogram shows the whole period; the selection is marked
  const chosen = document.getElementById("bin-select").value;
  const key = JSON.stringify([rest, chosen]);
  if (key === timeline.key) { drawTimeline(date_from, date_to); return; }  // only the period changed: same bars
  let data = await api("api/counts", { ...rest, by: chosen === "auto" ? "month" : chosen, split: "event_type" });
  if (chosen === "auto" && data.items.length) {
    const first = Date.parse(data.items[0].period), last = Date.parse(data.items[data.items.length - 1].period);
    const spanDays = (nextPeriod(last, "month") - first) / DAY;
    const bin = BINS.find(b => spanDays / b.days <= MAX_BARS) || BINS[BINS.length - 1];
    if (bin.by !== "month") data = await api("api/counts", { ...rest, by: bin.by, split: "event_type" });
  }
  timeline.items = data.items;
  timeline.by = data.by;
  timeline.key = key;
  svg.dataset.bin = data.by;
  drawTimeline(date_from, date_to);
}

// Ticks for the date axis: a step in days, months or years that gives about one tick per 90 px.
function dateTicks(first, last, width) {
  const want = Math.max(2, Math.floor(width / 90)), spanDays = (last - first) / DAY;
  const steps = [[1, "d"], [2, "d"], [7, "d"], [14, "d"], [1, "m"], [2, "m"], [3, "m"], [6, "m"], [1, "y"], [2, "y"], [5, "y"], [10, "y"]];
  const [n, unit] = steps.find(([k, u]) => spanDays / (k * (u === "d" ? 1 : u === "m" ? 30.44 : 365.25)) <= want) || [20, "y"];
  const ticks = [], d0 = new Date(first);
  let t = unit === "d" ? Date.UTC(d0.getUTCFullYear(), d0.getUTCMonth(), d0.getUTCDate())
        : unit === "m" ? Date.UTC(d0.getUTCFullYear(), Math.ceil(d0.getUTCMonth() / n) * n, 1)
        : Date.UTC(Math.ceil(d0.getUTCFullYear() / n) * n, 0, 1);
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  while (t <= last && ticks.length < 60) {
    if (t >= first) {
      const d = new Date(t);
      ticks.push([t, unit === "y" ? String(d.getUTCFullYear())
        : unit === "m" ? (d.getUTCMonth() === 0 ? String(d.getUTCFullYear()) : MONTHS[d.getUTCMonth()])
        : `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`]);
    }
    const d = new Date(t);
    t = unit === "d" ? t + n * DAY : unit === "m" ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1)
      : Date.UTC(d.getUTCFullYear() + n, 0, 1);
  }
  return ticks;
}
function niceMax(v) {
  const p = Math.pow(10, Math.floor(Math.log10(Math.max(1, v)))), m = v / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

function drawTimeline(from, to) {
  svg.replaceChildren();
  const w = svg.clientWidth || 800, h = svg.clientHeight || 120;
  const periods = new Map();
  for (const i of timeline.items) {
    const t = Date.parse(i.period);
    if (!periods.has(t)) periods.set(t, new Map());
    periods.get(t).set(i.event_type, (periods.get(t).get(i.event_type) || 0) + i.events);
  }
  if (!periods.size) { svg.appendChild(svgEl("text", { x: w / 2, y: h / 2, "text-anchor": "middle" }, "no dated events")); return; }
  const starts = [...periods.keys()].sort((a, b) => a - b);
  const first = starts[0], last = nextPeriod(starts[starts.length - 1], timeline.by);
  const totals = starts.map(t => [...periods.get(t).values()].reduce((a, b) => a + b, 0));
  const ymax = niceMax(Math.max(...totals)), plotH = h - PAD.top - PAD.bottom;
  const x = v => PAD.left + (w - PAD.left - PAD.right) * (v - first) / Math.max(1, last - first);
  const y = v => PAD.top + plotH * (1 - v / ymax);
  Object.assign(timeline, { first, last, x, w });
  // y axis: 0, half and the top, with grid lines
  for (const v of [0, ymax / 2, ymax]) {
    svg.appendChild(svgEl("line", { class: "grid", x1: PAD.left, x2: w - PAD.right, y1: y(v), y2: y(v) }));
    svg.appendChild(svgEl("text", { class: "axis", x: PAD.left - 4, y: y(v) + 3, "text-anchor": "end" },
                          Number.isInteger(v) ? String(v) : v.toFixed(1)));
  }
  svg.appendChild(svgEl("text", { class: "axis unit", x: 2, y: 10 }, `events per ${timeline.by}`));
  // bars, stacked in the legend's order of types
  const lo = from ? Date.parse(from) : -Infinity, hi = to ? Date.parse(to) : Infinity;
  const bars = svgEl("g", { class: "bars" });
  starts.forEach((t, k) => {
    const slot = x(nextPeriod(t, timeline.by)) - x(t);  // a bar fills its period, less a gap; at most MAX_BAR_PX
    const bw = Math.max(1, Math.min(MAX_BAR_PX, slot - (slot > 4 ? 1 : 0))), x0 = x(t) + (slot - bw) / 2;
    const out = nextPeriod(t, timeline.by) - DAY < lo || t > hi;
    let acc = 0;
    const order = [...TYPES.map(tt => tt.name), ...[...periods.get(t).keys()].filter(n => !TYPE_BY_NAME[n])];
    for (const type of order) {
      const n = periods.get(t).get(type);
      if (!n) continue;
      bars.appendChild(svgEl("rect", { class: "bar" + (out ? " out" : ""), x: x0, width: bw, y: y(acc + n),
                                       height: Math.max(0.5, y(acc) - y(acc + n)), fill: typeOf(type).colour,
                                       "data-period": isoDay(t), "data-type": type },
        svgEl("title", {}, `${isoDay(t)} (${timeline.by}) · ${type}: ${n} of ${totals[k]}`)));
      acc += n;
    }
  });
  svg.appendChild(bars);
  // date axis
  svg.appendChild(svgEl("line", { class: "axis-line", x1: PAD.left, x2: w - PAD.right, y1: y(0), y2: y(0) }));
  for (const [t, label] of dateTicks(first, last, w - PAD.left - PAD.right)) {
    svg.appendChild(svgEl("line", { class: "tick", x1: x(t), x2: x(t), y1: y(0), y2: y(0) + 4 }));
    svg.appendChild(svgEl("text", { class: "axis", x: x(t), y: h - 5, "text-anchor": "middle" }, label));
  }
  if (from || to) drawBand(x(Math.max(first, from ? Date.parse(from) : first)),
                           x(Math.min(last, to ? Date.parse(to) + DAY : last)), from || isoDay(first), to || isoDay(last - DAY));
}

// The selected period: a band over the bars with its first and last day written above it.
function drawBand(a, b, fromLabel, toLabel) {
  for (const old of svg.querySelectorAll(".brush, .brush-label")) old.remove();
  const h = svg.clientHeight || 120;
  svg.appendChild(svgEl("rect", { class: "brush", x: a, width: Math.max(1, b - a), y: PAD.top - 4, height: h - PAD.top - PAD.bottom + 4 }));
  // the dates inside the band when it is wide enough for both, else outside its edges
  const wide = b - a > 150, y = PAD.top + 8;
  svg.appendChild(svgEl("text", { class: "brush-label", x: wide ? a + 3 : a - 3, y, "text-anchor": wide ? "start" : "end" }, fromLabel));
  svg.appendChild(svgEl("text", { class: "brush-label", x: wide ? b - 3 : b + 3, y, "text-anchor": wide ? "end" : "start" }, toLabel));
}

function dateAt(px) {
  const { first, last, w } = timeline;
  const v = first + (last - first) * Math.min(1, Math.max(0, (px - PAD.left) / (w - PAD.left - PAD.right)));
  return isoDay(v);
}

let brushStart = null;
svg.addEventListener("mousedown", e => { brushStart = e.offsetX; drawBand(brushStart, brushStart + 1, dateAt(brushStart), ""); });
svg.addEventListener("mousemove", e => {
  if (brushStart === null) return;
  const [a, b] = [Math.min(brushStart, e.offsetX), Math.max(brushStart, e.offsetX)];
  drawBand(a, b, dateAt(a), dateAt(b));
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
document.getElementById("bin-select").addEventListener("change", () => loadTimeline(filters()));
