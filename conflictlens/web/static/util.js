// conflictlens web page, shared pieces: building elements, calling the API, the type colours and shapes.
// Every piece of text that comes from the data is put in the page as a text node (el/textContent),
// never as HTML, so markup inside an article cannot run.
"use strict";

// ACLED's six event types: a colour (Tableau 10, readable on the beige basemap) and a marker shape each,
// so the types stay apart for colour-blind readers and in print.  Clusters are neutral slate with a
// ring showing the mix of types, so no cluster colour can be read as a type.
const TYPES = [
  { name: "Battles", colour: "#d62728", shape: "circle" },
  { name: "Explosions/Remote violence", colour: "#ff7f0e", shape: "triangle" },
  { name: "Violence against civilians", colour: "#9467bd", shape: "diamond" },
  { name: "Protests", colour: "#2ca02c", shape: "square" },
  { name: "Riots", colour: "#8c564b", shape: "down" },
  { name: "Strategic developments", colour: "#1f77b4", shape: "star" },
];
const TYPE_BY_NAME = Object.fromEntries(TYPES.map(t => [t.name, t]));
const OTHER_TYPE = { name: "other", colour: "#777777", shape: "circle" };
const typeOf = name => TYPE_BY_NAME[name] || OTHER_TYPE;
// Extraction confidence below this is "low": such events are drawn faded with a dashed outline and
// can be hidden (the filter asks /api/events for min_confidence=LOW_CONFIDENCE).
const LOW_CONFIDENCE = 0.5;
// ACLED's precision codes in words.
const TIME_PRECISION = { 1: "exact day", 2: "within a week", 3: "within a month or more" };
const GEO_PRECISION = { 1: "town", 2: "near a town or in a district", 3: "province", 0: "unknown" };

const SVG_TAGS = new Set(["svg", "path", "rect", "g", "text", "line", "polygon", "circle"]);
function el(tag, attrs, ...children) {
  const svg = SVG_TAGS.has(tag) || (attrs || {}).svg;  // a <title> is SVG only when asked (svgEl)
  const node = svg ? document.createElementNS("http://www.w3.org/2000/svg", tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "svg" || v === undefined || v === null || v === false) continue;
    if (k === "class") node.setAttribute("class", v);
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    node.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
  return node;
}
const svgEl = (tag, attrs, ...children) => el(tag, { ...attrs, svg: true }, ...children);

async function api(path, params, options) {
  const url = new URL(path, window.location.href);
  for (const [k, v] of Object.entries(params || {})) if (v !== "" && v !== null && v !== undefined) url.searchParams.set(k, v);
  const r = await fetch(url, options);
  const body = await r.json();
  if (!r.ok) throw new Error(body.error || r.statusText);
  return body;
}

// An SVG picture of a type's marker shape (the legend and the table use the same shapes as the map).
function shapeIcon(type, size = 12) {
  const t = typeOf(type), r = size / 2 - 1;
  return el("svg", { width: size, height: size, viewBox: `${-size / 2} ${-size / 2} ${size} ${size}`, class: "shape",
                     "aria-hidden": "true" },
            el("path", { d: shapePath(t.shape, r), fill: t.colour, stroke: "#333", "stroke-width": 1 }));
}

// The outline of a shape of radius r around (0, 0), as [x, y] points (a circle has none).
function shapePoints(shape, r) {
  const poly = (n, rot, radii) => Array.from({ length: n }, (_, i) => {
    const a = rot + i * 2 * Math.PI / n, rr = radii ? radii[i % radii.length] : r;
    return [rr * Math.cos(a), rr * Math.sin(a)];
  });
  switch (shape) {
    case "triangle": return poly(3, -Math.PI / 2).map(([x, y]) => [x * 1.15, y * 1.15 + r * 0.15]);
    case "down": return poly(3, Math.PI / 2).map(([x, y]) => [x * 1.15, y * 1.15 - r * 0.15]);
    case "diamond": return poly(4, 0).map(([x, y]) => [x * 1.15, y * 1.15]);
    case "square": return poly(4, Math.PI / 4);
    case "star": return poly(10, -Math.PI / 2, [r * 1.25, r * 0.55]);
    default: return null;
  }
}
function shapePath(shape, r) {
  const pts = shapePoints(shape, r);
  if (!pts) return `M ${-r} 0 A ${r} ${r} 0 1 0 ${r} 0 A ${r} ${r} 0 1 0 ${-r} 0 Z`;
  return "M " + pts.map(([x, y]) => `${x.toFixed(2)} ${y.toFixed(2)}`).join(" L ") + " Z";
}

function setStatus(text) { document.getElementById("status").textContent = text; }
const isoDay = ms => new Date(ms).toISOString().slice(0, 10);
