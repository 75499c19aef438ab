// Stories: the list, and a story's page (its events on the map, timeline and list; its articles).
"use strict";

function storyTitle(s) {
  const t = (s.title || "").trim();
  return t ? (t.length > 120 ? t.slice(0, 117) + "…" : t) : `Untitled story of ${s.first || "unknown date"}`;
}
function span(s) {
  if (!s.first) return "undated";
  return s.first === s.last || !s.last ? s.first : `${s.first} – ${s.last}`;
}

async function loadStories() {
  const panel = document.getElementById("stories-panel");
  panel.replaceChildren(el("p", { class: "hint" }, "Loading…"));
  let data;
  try { data = await api("api/stories", { limit: 500 }); }
  catch (err) { panel.replaceChildren(el("p", { class: "hint" }, err.message)); return; }
  panel.dataset.loaded = "list";
  panel.replaceChildren(
    el("p", { class: "hint" }, `${data.items.length} stories, oldest first. A story is the articles about one offensive or campaign.`),
    ...data.items.map(s => el("div", { class: "story", "data-story": s.story_id, tabindex: 0,
                                       onclick: () => showStory(s.story_id),
                                       onkeydown: ev => { if (ev.key === "Enter") showStory(s.story_id); } },
      el("div", { class: "story-title" }, storyTitle(s)),
      el("small", {}, `${span(s)} · ${s.articles.length} article${s.articles.length === 1 ? "" : "s"} · `
                      + `${s.events.length} event${s.events.length === 1 ? "" : "s"}`))));
}

async function showStory(id) {
  showTab("stories");
  const panel = document.getElementById("stories-panel");
  let s;
  try { s = await api(`api/stories/${encodeURIComponent(id)}`); }
  catch (err) { panel.replaceChildren(el("p", { class: "hint" }, err.message)); return; }
  panel.dataset.loaded = "story";
  setStoryFilter(s.story_id, storyTitle(s));
  const killed = s.event_items.reduce((a, e) => a + (e.fatalities || 0), 0);
  panel.replaceChildren(
    el("a", { href: "#", onclick: ev => { ev.preventDefault(); setStoryFilter(null); loadStories(); } }, "← all stories"),
    el("h3", { class: "story-page" }, storyTitle(s)),
    el("p", {}, `${span(s)} · ${s.articles.length} article${s.articles.length === 1 ? "" : "s"} · ${s.event_items.length} events · ${killed} killed. `,
       "The map, timeline and list show this story's events; ",
       el("a", { href: "#", onclick: ev => { ev.preventDefault(); setStoryFilter(null); } }, "show all events again"), "."),
    el("h4", {}, "Events"),
    el("ul", { class: "story-events" }, s.event_items.map(e => el("li", {},
      shapeIcon(e.event_type, 11), " ",
      el("a", { href: "#", onclick: ev => { ev.preventDefault(); showEvent(e.event_id); } },
         `${e.event_date || "undated"} ${e.sub_event_type} — ${e.location || e.admin1 || e.country}`),
      e.fatalities ? ` · ${e.fatalities} killed` : ""))),
    el("h4", {}, "Articles"),
    el("ul", { class: "story-articles" }, s.article_items.map(a => el("li", {},
      el("strong", {}, a.title || "(untitled)"), el("br"),
      el("small", {}, [outletName(a), a.published].filter(Boolean).join(", "))))));
}

// The story filter: a chip in the filter bar; the map, timeline and list show only its events.
function setStoryFilter(id, title) {
  form.story.value = id || "";
  const chip = document.getElementById("story-chip");
  chip.hidden = !id;
  chip.querySelector("span").textContent = id ? `story: ${title}` : "";
  loadPoints.fitted = !id;  // fit the map to the story's events
  refresh();
}
document.querySelector("#story-chip button").addEventListener("click", () => setStoryFilter(null));
