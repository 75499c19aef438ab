// The review form in the event panel: confirm, reject or correct an event (PATCH /api/events/{id}
// with the server's write token).  The reviewer's name is remembered in this browser; the token
// only for this tab's session.
"use strict";

function reviewForm(e) {
  const box = el("details", { class: "review", id: "review" }, el("summary", {}, "Review this event"));
  if (!server.writable) {
    box.appendChild(el("p", { class: "hint" }, "Reviewing needs a server started with a write token: ",
                       el("code", {}, "conflictlens serve --token …")));
    return box;
  }
  const input = (name, value, attrs) => el("input", { name, value: value ?? "", ...attrs });
  const typeSel = el("select", { name: "sub_event_type" }, Object.entries(SUB_TYPES).map(([t, subs]) =>
    el("optgroup", { label: t }, subs.map(s => el("option", { value: s, selected: s === e.sub_event_type ? "" : null }, s)))));
  const place = { id: null };
  const placeInput = input("place", [e.location, e.admin1].filter(Boolean).join(", "), { list: "place-options", autocomplete: "off",
                                                                                        placeholder: "type to search the gazetteer" });
  const options = el("datalist", { id: "place-options" });
  const found = new Map();
  placeInput.addEventListener("input", async () => {
    const q = placeInput.value, hit = found.get(q);
    if (hit) { place.id = hit.id; return; }
    place.id = null;
    if (q.length < 2 || q.includes(",")) return;
    const data = await api("api/gazetteer", { q, limit: 12 }).catch(() => ({ items: [] }));
    options.replaceChildren(...data.items.map(p => {
      const label = `${p.location}, ${[p.admin2, p.admin1, p.country].filter(Boolean).join(", ")} (${p.kind})`;
      found.set(label, p);
      return el("option", { value: label });
    }));
  });
  const form = el("form", { class: "review-form", autocomplete: "off" },
    el("label", {}, "your name ", input("reviewer", localStorage.getItem("conflictlens-reviewer") || "", { required: "", size: 14 })),
    el("label", {}, "write token ", input("token", sessionStorage.getItem("conflictlens-token") || "", { type: "password", size: 14 })),
    el("div", { class: "buttons" },
      el("button", { type: "button", class: "confirm", onclick: () => send("confirmed") }, "✓ Confirm"),
      el("button", { type: "button", class: "reject", onclick: () => send("rejected") }, "✗ Reject: not an event")),
    el("fieldset", {}, el("legend", {}, "or correct it"),
      el("label", {}, "type ", typeSel),
      el("label", {}, "date ", input("event_date", e.event_date, { type: "date" })),
      el("label", {}, "place ", placeInput, options),
      el("label", {}, "actor 1 ", input("actor1", e.actor1, { size: 30 })),
      el("label", {}, "actor 2 ", input("actor2", e.actor2, { size: 30 })),
      el("label", {}, "fatalities ", input("fatalities", e.fatalities, { type: "number", min: 0, size: 4 })),
      el("label", {}, "note ", input("note", "", { size: 30 })),
      el("button", { type: "submit", class: "correct" }, "Save correction")),
    el("p", { class: "review-status", "aria-live": "polite" }));
  form.addEventListener("submit", ev => { ev.preventDefault(); send("corrected"); });

  async function send(status) {
    const f = form.elements, reviewer = f.reviewer.value.trim(), token = f.token.value.trim();
    const say = text => { form.querySelector(".review-status").textContent = text; };
    if (!reviewer) { say("Give your name: every review says who made it."); f.reviewer.focus(); return; }
    localStorage.setItem("conflictlens-reviewer", reviewer);
    sessionStorage.setItem("conflictlens-token", token);
    const body = { reviewer, status, note: f.note.value.trim() };
    if (status === "corrected") {
      const changed = {};
      const sub = typeSel.value;
      if (sub !== e.sub_event_type) { changed.sub_event_type = sub; }
      if (f.event_date.value && f.event_date.value !== e.event_date) changed.event_date = f.event_date.value;
      for (const k of ["actor1", "actor2"]) if (f[k].value.trim() !== (e[k] || "")) changed[k] = f[k].value.trim();
      if (f.fatalities.value !== "" && Number(f.fatalities.value) !== e.fatalities) changed.fatalities = Number(f.fatalities.value);
      const hit = found.get(placeInput.value);
      if (hit) body.place_id = hit.id;
      if (!Object.keys(changed).length && !body.place_id) { say("Nothing changed: edit a field, or confirm the event."); return; }
      body.fields = changed;
    }
    say("Saving…");
    try {
      await api(`api/events/${encodeURIComponent(e.event_id)}`, {}, {
        method: "PATCH", body: JSON.stringify(body),
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` } });
    } catch (err) { say(`Not saved: ${err.message}`); return; }
    await refresh();
    showEvent(e.event_id);
  }
  box.appendChild(form);
  return box;
}
