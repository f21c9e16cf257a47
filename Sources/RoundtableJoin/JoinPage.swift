/// The one page devices load: HTML, CSS and a little JavaScript, no framework, nothing
/// fetched from elsewhere.
///
/// Every text from the session or the room is put on the page with `textContent` (never as
/// markup), and the Content-Security-Policy sent with it lets only this page's own script
/// run, so hostile card text can neither inject markup nor run script.
enum JoinPage {
    static func html(nonce: String) -> String {
        template.replacingOccurrences(of: "NONCE", with: nonce)
    }

    static let template = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Roundtable</title>
<style nonce="NONCE">
:root { --ink: #111; --paper: #fff; --soft: #f1f3f5; --line: #c8ccd0; --accent: #0b57d0; --ok: #0a6b2c; --bad: #a3261b; }
* { box-sizing: border-box; }
body { margin: 0; font: 17px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--paper); }
header { background: #1d2733; color: #fff; padding: .6rem 1rem; display: flex; justify-content: space-between; gap: .5rem; flex-wrap: wrap; }
header b { font-weight: 600; }
main { padding: 1rem; max-width: 40rem; margin: 0 auto; }
h1 { font-size: 1.3rem; margin: .2rem 0 .6rem; }
h2 { font-size: 1.05rem; margin: 1rem 0 .4rem; }
p { margin: .4rem 0; }
.muted { color: #4a5560; }
.names { display: grid; grid-template-columns: repeat(auto-fill, minmax(8rem, 1fr)); gap: .5rem; padding: 0; list-style: none; }
button { font: inherit; padding: .6rem .9rem; border-radius: .5rem; border: 2px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; min-height: 2.75rem; }
button.name { width: 100%; background: var(--paper); color: var(--accent); }
button.name.claimed { border-color: var(--line); color: #4a5560; }
button:focus-visible, input:focus-visible { outline: 3px solid #f5a300; outline-offset: 2px; }
form { display: flex; gap: .5rem; margin: .8rem 0; flex-wrap: wrap; }
label { width: 100%; font-weight: 600; }
input[type=text] { flex: 1; min-width: 10rem; font: inherit; padding: .6rem; border: 2px solid #5c6670; border-radius: .5rem; }
.prompt { font-size: 1.15rem; font-weight: 600; }
.secret { background: #fff4d6; border-left: 4px solid #b07800; padding: .4rem .6rem; }
.columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: .6rem; }
.column { background: var(--soft); border-radius: .5rem; padding: .5rem; }
.column h3 { font-size: 1rem; margin: 0 0 .3rem; }
.card, .item, .mine li { background: var(--paper); border: 1px solid var(--line); border-radius: .4rem; padding: .35rem .5rem; margin: .3rem 0; overflow-wrap: anywhere; list-style: none; }
ol, ul { padding: 0; margin: 0; }
.item { display: flex; gap: .5rem; }
.item .n { font-weight: 700; min-width: 1.6rem; }
.item .tally { margin-left: auto; font-weight: 700; }
.status { min-height: 1.5rem; }
.ok { color: var(--ok); }
.bad { color: var(--bad); }
.pending { color: #4a5560; }
.widgets { width: 100%; display: flex; flex-direction: column; gap: .5rem; }
.row { display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; }
.row .grow { flex: 1; min-width: 8rem; overflow-wrap: anywhere; }
.choices { display: flex; gap: .5rem; flex-wrap: wrap; }
button.choice { background: var(--paper); color: var(--accent); min-width: 3rem; }
button.choice[aria-pressed=true] { background: var(--accent); color: #fff; }
button.small { min-width: 2.75rem; padding: .4rem .6rem; }
.count { min-width: 2rem; text-align: center; font-weight: 700; }
select { font: inherit; padding: .5rem; border: 2px solid #5c6670; border-radius: .5rem; background: var(--paper); }
</style>
</head>
<body>
<header><b id="title">Roundtable</b><span id="who" aria-live="polite"></span></header>
<main>
  <section id="lobby" hidden>
    <h1>Who are you?</h1>
    <p class="muted">Pick your name. A name marked “joined” is taken by another device.</p>
    <ul class="names" id="names"></ul>
    <p id="lobby-status" class="status bad" role="alert"></p>
  </section>
  <section id="room" hidden>
    <h1 id="step"></h1>
    <p id="instructions" class="muted"></p>
    <p id="message" aria-live="polite"></p>
    <div id="view"></div>
    <form id="form" hidden>
      <label for="entry" id="entry-label">Your answer</label>
      <p id="secret" class="secret" hidden>Private: only you see what you send until it is revealed.</p>
      <div id="widgets" class="widgets"></div>
      <input type="text" id="entry" autocomplete="off" maxlength="2000" enterkeyhint="send">
      <button type="submit" id="send">Send</button>
    </form>
    <p id="send-status" class="status" role="status" aria-live="polite"></p>
    <section id="mine-box" hidden>
      <h2>What you sent in this step</h2>
      <ul class="mine" id="mine"></ul>
    </section>
  </section>
  <p id="connection" class="status muted" role="status"></p>
</main>
<script nonce="NONCE">
"use strict";
const room = location.pathname.split("/")[1];
const key = "roundtable:" + room;
let token = localStorage.getItem(key);
let socket = null, retry = 0, sent = 0;
// The input the step asks for now, and what this device has picked in it so far.
let entry = null, entryKey = "", picked = {};
const $ = (id) => document.getElementById(id);
function el(tag, text, cls) { const e = document.createElement(tag); if (text != null) e.textContent = String(text); if (cls) e.className = cls; return e; }
function show(which) { $("lobby").hidden = which !== "lobby"; $("room").hidden = which !== "room"; }
function connect() {
  const scheme = location.protocol === "https:" ? "wss://" : "ws://";
  const url = scheme + location.host + "/" + room + "/ws" + (token ? "?token=" + encodeURIComponent(token) : "");
  socket = new WebSocket(url);
  socket.onopen = () => { retry = 0; $("connection").textContent = ""; };
  socket.onmessage = (event) => { let m; try { m = JSON.parse(event.data); } catch (e) { return; } handle(m); };
  socket.onclose = () => {
    $("connection").textContent = "Connection lost; reconnecting…";
    retry = Math.min(retry + 1, 5);
    setTimeout(connect, 500 * retry);
  };
}
function send(message) {
  if (!socket || socket.readyState !== WebSocket.OPEN) return false;
  message.room = room;
  if (token) message.token = token;
  socket.send(JSON.stringify(message));
  return true;
}
function handle(m) {
  switch (m.t) {
  case "lobby": lobby(m); break;
  case "welcome":
    if (m.token) { token = m.token; localStorage.setItem(key, token); }
    $("who").textContent = "You are " + m.name;
    break;
  case "forget": token = null; localStorage.removeItem(key); $("who").textContent = ""; break;
  case "refused": $("lobby-status").textContent = m.reason || "Refused."; break;
  case "state": render(m); break;
  case "mine": showMine(m.mine || []); break;
  case "ack":
    const line = $("send-status");
    line.textContent = m.ok ? "Saved ✓" : (m.reason || "Not saved.");
    line.className = "status " + (m.ok ? "ok" : "bad");
    break;
  case "error": $("send-status").textContent = m.reason || "Error."; $("send-status").className = "status bad"; break;
  }
}
function lobby(m) {
  show("lobby");
  if (m.title) $("title").textContent = m.title;
  const list = $("names");
  list.replaceChildren();
  for (const entry of m.names || []) {
    const item = el("li");
    const button = el("button", entry.claimed ? entry.name + " (joined)" : entry.name, "name" + (entry.claimed ? " claimed" : ""));
    button.type = "button";
    button.addEventListener("click", () => { $("lobby-status").textContent = ""; send({ t: "join", name: entry.name }); });
    item.append(button);
    list.append(item);
  }
}
function render(m) {
  show("room");
  if (m.title) $("title").textContent = m.title;
  $("step").textContent = m.finished ? "The session has ended. Thank you!" : (m.step || "Waiting for the session");
  $("instructions").textContent = m.finished ? "" : (m.instructions || "");
  $("message").textContent = m.message || "";
  const view = $("view");
  view.replaceChildren();
  const v = m.view || {};
  if (v.prompt || m.prompt) view.append(el("p", v.prompt || m.prompt, "prompt"));
  if (v.turn) view.append(el("p", "Speaking: " + v.turn.speaker + (v.turn.next ? " · next: " + v.turn.next : "")));
  if (v.columns && v.columns.length) {
    const board = el("div", null, "columns");
    for (const column of v.columns) {
      const box = el("section", null, "column");
      box.append(el("h3", column.title));
      const cards = el("ul");
      for (const card of column.cards || []) cards.append(el("li", card.text + (card.author ? " — " + card.author : ""), "card"));
      box.append(cards);
      board.append(box);
    }
    view.append(board);
  }
  if (v.items && v.items.length) {
    const items = el("ol");
    for (const item of v.items) {
      const row = el("li", null, "item");
      row.append(el("span", item.number + ".", "n"), el("span", item.text + (item.detail ? " (" + item.detail + ")" : "")));
      if (item.tally != null) row.append(el("span", String(item.tally), "tally"));
      items.append(row);
    }
    view.append(items);
  }
  if (v.progress) {
    const total = v.progress.done.length + v.progress.awaited.length;
    let text = v.progress.done.length + " of " + total + " " + (v.progress.done.length === 1 ? "has " : "have ") + v.progress.verb;
    if (v.progress.showsNames && v.progress.awaited.length) text += " · waiting for " + v.progress.awaited.join(", ");
    view.append(el("p", text, "muted"));
  }
  if (v.hidden) view.append(el("p", v.hidden + " hidden until the reveal", "muted"));
  for (const note of v.notes || []) view.append(el("p", note));
  const asks = m.input && m.input !== "none";
  $("form").hidden = !asks;
  $("secret").hidden = !m.secret;
  $("entry-label").textContent = m.ask || (m.input === "numbers" ? "Item numbers, e.g. 1 1 3" : "Your idea or note");
  $("entry").inputMode = m.input === "numbers" ? "numeric" : "text";
  widgets(asks && v.entry ? v.entry : null, v.items || [], m.step || "");
  if (Array.isArray(m.mine)) showMine(m.mine);
}
function showMine(mine) {
  $("mine-box").hidden = mine.length === 0;
  $("mine").replaceChildren(...mine.map((text) => el("li", text)));
}
// The inputs that fit the step. Each composes the text a keyboard user would type for the
// same thing, so the handler reads one format from every source.
const thumbMarks = { up: "\u{1F44D}", sideways: "\u{1F44B}", down: "\u{1F44E}" };
function widgets(e, items, step) {
  const key = step + "|" + JSON.stringify(e) + "|" + items.map((i) => i.number + ":" + i.text).join("|");
  const box = $("widgets");
  const kind = e ? e.kind : "line";
  const toggle = () => {
    const reason = kind === "choice" && picked.choice && picked.choice.endsWith(":");
    $("entry").hidden = !(kind === "line" || kind === "card" || kind === "action" || reason);
    $("send").hidden = kind === "scale" || kind === "thumbs";
  };
  if (key === entryKey) { toggle(); return; }
  entryKey = key; entry = e; picked = {};
  toggle();
  box.replaceChildren();
  if (!e) return;
  const label = (text, forId) => { const l = el("label", text); if (forId) l.htmlFor = forId; return l; };
  if (kind === "card" || kind === "action") {
    const select = el("select"); select.id = kind === "card" ? "column" : "owner";
    if (kind === "action") select.append(new Option("No owner yet", ""));
    for (const option of e.options) select.append(new Option(option, option));
    box.append(label(kind === "card" ? "Column" : "Owner", select.id), select);
    if (kind === "action") {
      const due = el("input"); due.type = "text"; due.id = "due"; due.maxLength = 100; due.placeholder = "e.g. Friday";
      box.append(label("Due (optional)", "due"), due);
    }
  } else if (kind === "dots") {
    picked.dots = {};
    // Items that are numbers are named by their text in a typed ballot: send positions as #n.
    picked.byPosition = items.some(item => /^[0-9]+$/.test(String(item.text).trim()));
    const left = el("p", "", "muted"); left.id = "dots-left"; left.setAttribute("aria-live", "polite");
    box.append(left);
    for (const item of items) {
      const row = el("div", null, "row");
      const count = el("span", "0", "count"); count.id = "dots-" + item.number;
      const minus = el("button", "−", "choice small"); minus.type = "button"; minus.setAttribute("aria-label", "one dot fewer on " + item.text);
      const plus = el("button", "+", "choice small plus"); plus.type = "button"; plus.setAttribute("aria-label", "one dot more on " + item.text);
      plus.dataset.item = String(item.number);
      minus.addEventListener("click", () => dot(item.number, -1));
      plus.addEventListener("click", () => dot(item.number, 1));
      row.append(el("span", item.number + ". " + item.text, "grow"), minus, count, plus);
      box.append(row);
    }
    dot(0, 0);
  } else if (kind === "scale" || kind === "choice" || kind === "thumbs") {
    const row = el("div", null, "choices");
    row.setAttribute("role", "group");
    e.options.forEach((option, index) => {
      const shown = kind === "thumbs" ? (thumbMarks[option] || "") + " " + option
        : e.labels && e.labels[index] ? e.labels[index] : option.replace(/:$/, "");
      const button = el("button", shown, "choice"); button.type = "button";
      button.setAttribute("aria-pressed", "false");
      button.addEventListener("click", () => {
        if (kind === "scale" || kind === "thumbs") { submit(option); return; }
        picked.choice = option;
        for (const other of row.children) other.setAttribute("aria-pressed", String(other === button));
        $("entry").hidden = !option.endsWith(":");
        $("entry-label").textContent = option.endsWith(":") ? "Why? (" + option.replace(/:$/, "") + ")" : "Send to confirm";
        if (option.endsWith(":")) $("entry").focus();
      });
      row.append(button);
    });
    box.append(row);
  } else if (kind === "scores") {
    picked.scores = {};
    for (const item of items) {
      const select = el("select"); select.id = "score-" + item.number;
      select.append(new Option("—", ""));
      e.options.forEach((option, index) => select.append(new Option(e.labels && e.labels[index] ? e.labels[index] : option, option)));
      select.addEventListener("change", () => { picked.scores[item.number] = select.value; });
      const row = el("div", null, "row");
      row.append(label(item.number + ". " + item.text, select.id), select);
      box.append(row);
    }
  }
}
function dot(number, change) {
  const total = () => Object.values(picked.dots).reduce((a, b) => a + b, 0);
  const now = picked.dots[number] || 0;
  if (number && change > 0 && (total() >= entry.budget || (entry.perItem != null && now >= entry.perItem))) return;
  if (number) picked.dots[number] = Math.max(0, now + change);
  if (number) $("dots-" + number).textContent = String(picked.dots[number]);
  $("dots-left").textContent = (entry.budget - total()) + " of " + entry.budget + " dots left";
}
// The text to send for what is picked now; null when something is missing.
function composed() {
  const text = $("entry").value.trim();
  const kind = entry ? entry.kind : "line";
  switch (kind) {
  case "card": return text ? $("column").value + ": " + text : null;
  case "action": {
    if (!text) return null;
    const owner = $("owner").value, due = $("due").value.trim();
    return text + (owner ? " @" + owner : "") + (due ? " due:" + due : "");
  }
  case "dots": {
    const numbers = [];
    for (const [number, count] of Object.entries(picked.dots)) for (let i = 0; i < count; i++) numbers.push((picked.byPosition ? "#" : "") + number);
    return numbers.length ? numbers.join(" ") : "pass";
  }
  case "scores": {
    const items = Object.keys(picked.scores).length;
    const values = [];
    for (const select of $("widgets").querySelectorAll("select")) { if (!select.value) return null; values.push(select.value); }
    return items ? values.join(" ") : null;
  }
  case "choice":
    if (!picked.choice) return null;
    return picked.choice.endsWith(":") ? (text ? picked.choice + " " + text : null) : picked.choice;
  default: return text || null;
  }
}
function submit(text) {
  sent += 1;
  if (send({ t: "send", id: sent, text: text })) {
    $("send-status").textContent = "Sending…"; $("send-status").className = "status pending";
    $("entry").value = "";
    if (entry && entry.kind === "dots") { entryKey = ""; }
  } else {
    $("send-status").textContent = "Not connected; try again in a moment."; $("send-status").className = "status bad";
  }
}
$("form").addEventListener("submit", (event) => {
  event.preventDefault();
  const text = composed();
  if (text == null) {
    $("send-status").textContent = "Fill in what is asked first."; $("send-status").className = "status bad";
    return;
  }
  submit(text);
  if (!$("entry").hidden) $("entry").focus();
});
connect();
</script>
</body>
</html>
"""#
}
