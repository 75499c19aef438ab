// The event panel: an event's fields in words, where its sources disagree, each source's report
// with the article and the evidence marked and scrolled into view, and the review form.
"use strict";

const SUB_TYPES = {
  "Battles": ["Armed clash", "Government regains territory", "Non-state actor overtakes territory"],
  "Protests": ["Peaceful protest", "Protest with intervention", "Excessive force against protesters"],
  "Riots": ["Violent demonstration", "Mob violence"],
  "Explosions/Remote violence": ["Air/drone strike", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
                                 "Suicide bomb", "Grenade", "Chemical weapon"],
  "Violence against civilians": ["Attack", "Abduction/forced disappearance", "Sexual violence"],
  "Strategic developments": ["Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                             "Headquarters or base established", "Looting/property destruction",
                             "Non-violent transfer of territory", "Other"],
};
const server = { writable: false };
api("api/health").then(h => { server.writable = !!h.writable; }).catch(() => {});

function showTab(name) {
  for (const b of document.querySelectorAll("#side nav button")) b.classList.toggle("active", b.dataset.tab === name);
  document.getElementById("event-panel").hidden = name !== "event";
  document.getElementById("stories-panel").hidden = name !== "stories";
  if (name === "stories" && !document.getElementById("stories-panel").dataset.loaded) loadStories();
}
for (const b of document.querySelectorAll("#side nav button")) b.addEventListener("click", () => showTab(b.dataset.tab));

function fields(pairs) {
  return el("dl", { class: "fields" }, pairs.filter(([, v]) => v !== "" && v !== null && v !== undefined)
    .map(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
}

// Who an outlet is: its name, else the address's host, else the article's title (never an id).
function outletName(article) {
  if (article.source) return article.source;
  if (article.original_source) return article.original_source;
  try { if (article.url) return new URL(article.url).hostname.replace(/^www\./, ""); } catch (err) { /* not a URL */ }
  const headline = article.title || (article.text || "").split("\n").find(l => l.trim()) || "";
  const h = headline.trim();
  return h ? `the source of “${h.slice(0, 40)}${h.length > 40 ? "…" : ""}”` : "an unnamed source";
}
function sourceLabel(name, e) { return e.articles.includes(name) ? "an unnamed source" : name; }

// The article's text with this report's evidence marked (other reports' lighter), scrolled to it.
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
  box.scrollToEvidence = () => { if (firstMark) box.scrollTop = Math.max(0, firstMark.offsetTop - box.clientHeight / 3); };
  return box;
}

function reviewBadge(r) {
  if (!r || !r.status) return el("span", { class: "badge unreviewed" }, "not reviewed");
  return el("span", { class: `badge ${r.status}`, title: r.note || "" },
            `${r.status} by ${r.reviewer}, ${r.at.replace("T", " ").slice(0, 16)}`,
            r.fields && r.fields.length ? ` (${r.fields.join(", ")})` : "");
}
function confidenceBadge(c) {
  const low = c < LOW_CONFIDENCE;
  return el("span", { class: "badge " + (low ? "low" : "ok"), title: "the extraction's confidence in this event" },
            `confidence ${c.toFixed(2)}${low ? " (low)" : ""}`);
}

async function showEvent(id) {
  showTab("event");
  const panel = document.getElementById("event-panel");
  panel.replaceChildren(el("p", { class: "hint" }, "Loading…"));
  let data;
  try { data = await api(`api/events/${encodeURIComponent(id)}`); }
  catch (err) { panel.replaceChildren(el("p", { class: "hint" }, err.message)); return; }
  const e = data.event;
  selectMarker(e.event_id);
  highlightRow(e.event_id, false, true);
  const disputes = Object.entries(e.disagreements || {}).map(([field, groups]) =>
    el("div", { class: "disputed" }, `Sources disagree on ${field}: `,
       groups.map(g => `${g.value} (${g.sources.map(s => sourceLabel(s, e)).join(", ")})`).join("; ")));
  const disputedKinds = new Set(Object.keys(e.disagreements || {}).includes("fatalities") ? ["killed"] : []);
  const figures = data.reports.flatMap(r => r.figures.map(f =>
    el("li", disputedKinds.has(f.kind) ? { class: "disputed", title: "the sources disagree on this figure" } : {},
       `${f.kind}: ${f.value} ("${f.reported}")${f.source ? " per " + f.source : ""} — `,
       el("span", { class: "outlet", "data-article": r.article_id }, sourceLabel(r.outlet, e)))));
  const when = e.event_date ? `${e.event_date} (${TIME_PRECISION[e.time_precision] || "precision " + e.time_precision})`
    : `${e.date_min} to ${e.date_max} (${TIME_PRECISION[e.time_precision] || ""})`;
  const storyLink = e.story_id ? el("a", { href: "#", class: "story-link", onclick: ev => { ev.preventDefault(); showStory(e.story_id); } }, "this event's story") : null;
  panel.replaceChildren(...[
    el("h3", { class: e.confidence < LOW_CONFIDENCE ? "low" : null }, shapeIcon(e.event_type, 14), " ",
       `${e.event_type} / ${e.sub_event_type}`),
    el("div", { class: "badges" }, reviewBadge(e.review), " ", confidenceBadge(e.confidence)),
    fields([["date", when],
            ["place", [e.location, e.admin2, e.admin1, e.country].filter(Boolean).join(", ")],
            ["precision", GEO_PRECISION[e.geo_precision] || String(e.geo_precision)],
            ["actor 1", e.actor1], ["actor 2", e.actor2],
            ["fatalities", e.fatalities_max > e.fatalities ? `${e.fatalities} (sources: ${e.fatalities_min}–${e.fatalities_max}; the lowest is coded)` : String(e.fatalities)],
            ["sources", el("span", { class: "sources" }, e.sources.map((s, i) => [i ? "; " : "",
              e.articles.includes(s) ? el("span", { class: "outlet", "data-article": s }, sourceLabel(s, e)) : s]))],
            ["story", storyLink], ["id", el("code", {}, e.event_id)]]),
    disputes,
    (e.possible_duplicates || []).length ? el("p", {}, "Possible duplicates: ",
      e.possible_duplicates.map(([other, score]) => el("a", { href: "#", onclick: ev => { ev.preventDefault(); showEvent(other); } },
                                                        `${other} (${score}) `))) : null,
    reviewForm(e),
    figures.length ? el("div", {}, el("h4", {}, "Figures by source"), el("ul", {}, figures)) : null,
    el("h4", {}, `${data.reports.length} report${data.reports.length === 1 ? "" : "s"}`),
  ].flat().filter(Boolean));
  data.reports.forEach((r, k) => {
    const title = el("h4", {}, el("span", { class: "outlet", "data-article": r.article_id }, sourceLabel(r.outlet, e)),
                     r.published ? `, published ${r.published}` : "");
    const box = el("div", { class: "report" }, title,
      fields([["date", r.event_date ? `${r.event_date} (${TIME_PRECISION[r.time_precision] || ""})` : `${r.date_min || "?"} to ${r.date_max || "?"}`],
              ["place", [r.location, r.admin1].filter(Boolean).join(", ")],
              ["actors", [r.actor1, r.actor2].filter(Boolean).join(" vs ")], ["killed", String(r.fatalities)]]));
    panel.appendChild(box);
    api(`api/articles/${encodeURIComponent(r.article_id)}`).then(a => {
      const name = outletName(a);
      for (const s of panel.querySelectorAll(`.outlet[data-article="${CSS.escape(r.article_id)}"]`)) s.textContent = name;
      box.appendChild(el("div", {}, a.title ? el("strong", {}, a.title) : null));
      const text = articleText(a, r.event_id);
      box.appendChild(text);
      text.scrollToEvidence();
      if (k === 0) panel.dataset.evidenceShown = r.event_id;
    }).catch(err => box.appendChild(el("p", { class: "hint" }, err.message)));
  });
  const m = markerById.get(e.event_id);
  if (m && !map.getBounds().pad(-0.1).contains(m.getLatLng())) focusMarker(m);
}
