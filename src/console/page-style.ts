/**
 * @module console/page-style
 * The console's one stylesheet, inlined in each of its pages. Phone first (an operator on call
 * may have only a phone), two columns on a desk: the hand-off packet beside the talk. Urgency and
 * danger are shown in words as well as colour.
 */

/** The stylesheet of the console pages. */
export const CONSOLE_STYLE = String.raw`
:root {
  --ink: #111; --muted: #4a4a4a; --bg: #f3f4f6; --card: #fff; --line: #c4c7cc;
  --blue: #0a4587; --blue-soft: #e6eef8; --red: #b0001a; --red-soft: #fff0f0;
  --amber: #7a4f00; --amber-soft: #fff3cd; --green-soft: #e8f5e9; --focus: #f2a900;
  color-scheme: light;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--ink); line-height: 1.5; font-size: 1rem;
  font-family: system-ui, -apple-system, "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC",
    "Microsoft YaHei", sans-serif;
}
h1, h2, h3, p, ul, ol, dl, dd { margin: 0; }
h1 { font-size: 1.3rem; } h2 { font-size: 1.1rem; } h3 { font-size: 1rem; margin-top: 0.75rem; }
ul, ol { padding: 0; list-style: none; }
button, input, textarea { font: inherit; color: inherit; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
[hidden] { display: none !important; }
.sr {
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap;
}
.top { position: sticky; top: 0; z-index: 2; background: var(--card); border-bottom: 1px solid var(--line); }
.bar {
  display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1rem;
  max-width: 80rem; margin: 0 auto; padding: 0.5rem 1rem;
}
.brand { font-weight: 700; color: var(--blue); text-decoration: none; margin-right: auto; }
.me { color: var(--muted); }
a { color: var(--blue); }
main { max-width: 80rem; margin: 0 auto; padding: 1rem; display: grid; gap: 1rem; }
main.narrow { max-width: 26rem; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 1rem; }
.btn, button {
  min-height: 44px; padding: 0.4rem 1rem; border-radius: 6px; cursor: pointer;
  border: 1px solid var(--blue); background: var(--card); color: var(--blue);
}
button.primary, .btn.primary { background: var(--blue); color: #fff; }
button.warn { border-color: var(--red); color: var(--red); }
button:disabled { opacity: 0.5; cursor: default; }
.btn { display: inline-flex; align-items: center; text-decoration: none; }
label { display: block; font-weight: 600; margin-top: 0.75rem; }
input, textarea {
  width: 100%; min-height: 44px; padding: 0.5rem; border: 1px solid var(--line);
  border-radius: 6px; background: #fff;
}
textarea { resize: vertical; min-height: 5rem; }
form .row { display: flex; gap: 0.5rem; align-items: flex-end; margin-top: 0.5rem; }
form .row > input, form .row > textarea { flex: 1; }
.notice { padding: 0.75rem 1rem; border-radius: 6px; background: var(--amber-soft); color: var(--amber); font-weight: 600; }
.notice.bad { background: var(--red-soft); color: var(--red); }
.state { font-weight: 600; }
.muted { color: var(--muted); }

.queue { display: grid; gap: 0.75rem; }
.item { background: var(--card); border: 1px solid var(--line); border-left: 6px solid var(--line); border-radius: 8px; padding: 0.75rem 1rem; display: grid; gap: 0.4rem; }
.item.u-emergency { border-left-color: var(--red); }
.item.u-urgent { border-left-color: #d97a00; }
.item.new { box-shadow: 0 0 0 3px var(--focus); }
.meta { display: flex; flex-wrap: wrap; gap: 0.25rem 0.75rem; color: var(--muted); }
.badge { font-weight: 700; padding: 0 0.5rem; border-radius: 4px; background: var(--blue-soft); color: var(--blue); }
.badge.u-emergency { background: var(--red); color: #fff; }
.badge.u-urgent { background: var(--amber-soft); color: var(--amber); }
.actions { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
.online { display: flex; flex-wrap: wrap; gap: 0.5rem; }
.online li { background: var(--green-soft); padding: 0 0.6rem; border-radius: 999px; }

.conv { grid-template-columns: 1fr; }
@media (min-width: 60rem) {
  .conv { grid-template-columns: minmax(18rem, 2fr) 3fr; align-items: start; }
  .conv .head { grid-column: 1 / -1; }
  .log { max-height: 60vh; overflow-y: auto; }
}
@media (max-width: 40rem) {
  .bar { padding: 0.25rem 0.75rem; gap: 0.25rem 0.75rem; font-size: 0.9rem; }
  .bar button { min-height: 36px; padding: 0.2rem 0.6rem; }
  .me .label { display: none; }
  main { padding: 0.75rem 0.5rem; }
  .card { padding: 0.75rem; }
}
.head { display: grid; gap: 0.5rem; }
.packet dl { display: grid; gap: 0.25rem; }
.packet dt { font-weight: 700; margin-top: 0.6rem; }
.packet dd { overflow-wrap: anywhere; }
.packet .danger, .entry.danger .text { color: var(--red); font-weight: 600; }
.cite { display: block; font-size: 0.9em; color: var(--muted); }
.log { display: grid; gap: 0.5rem; padding: 0.25rem; margin-bottom: 0.75rem; }
.entry { padding: 0.5rem 0.75rem; border-radius: 8px; background: var(--bg); max-width: 90%; }
.entry .who { font-size: 0.85em; color: var(--muted); }
.entry .text { white-space: pre-wrap; overflow-wrap: anywhere; }
.entry.user { background: var(--blue-soft); }
.entry.operator { background: var(--green-soft); justify-self: end; }
.entry.bot { justify-self: end; }
.entry.danger { background: var(--red-soft); border: 2px solid var(--red); }
.flag { color: var(--red); font-weight: 700; margin-right: 0.4rem; }
.canned { display: flex; flex-wrap: wrap; gap: 0.4rem; margin-top: 0.75rem; }
.canned button { min-height: 36px; padding: 0.2rem 0.7rem; border-color: var(--line); color: var(--ink); }
.notes li { border-top: 1px solid var(--line); padding: 0.4rem 0; }
.tools { display: grid; gap: 0.75rem; margin-top: 0.75rem; }
.nav { font-weight: 600; }
select { font: inherit; min-height: 44px; padding: 0.4rem; border: 1px solid var(--line); border-radius: 6px; background: #fff; width: 100%; }
.filters { display: grid; gap: 0 0.75rem; grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr)); align-items: end; margin-bottom: 0.75rem; }
.scroll { overflow-x: auto; }
.cases { width: 100%; border-collapse: collapse; }
.cases th, .cases td { text-align: left; padding: 0.5rem; border-bottom: 1px solid var(--line); white-space: nowrap; }
.cases tr.u-emergency td:first-child { border-left: 6px solid var(--red); }
.cases tr.u-urgent td:first-child { border-left: 6px solid #d97a00; }
.history-to { font-weight: 600; }
@media print {
  body { background: #fff; }
  .top, button, form, .btn, .tools, .notice { display: none !important; }
  main, .conv { display: block; max-width: none; padding: 0; }
  .card { border: 0; padding: 0 0 1rem; break-inside: avoid; }
  .log { max-height: none; overflow: visible; }
  a { color: inherit; text-decoration: none; }
}

.dash section h2 { margin-bottom: 0.5rem; }
.period fieldset { border: 0; padding: 0; margin: 0.5rem 0 0; display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: end; }
.period legend { font-weight: 600; padding: 0; }
.period label { margin: 0; }
.period input { width: auto; }
.dash .actions { margin-top: 0.75rem; }
.tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr)); gap: 0.5rem; }
.tile { border: 1px solid var(--line); border-left: 6px solid var(--line); border-radius: 6px; padding: 0.4rem 0.6rem; }
.tile.u-emergency { border-left-color: var(--red); }
.tile.u-urgent { border-left-color: #d97a00; }
.tile dt { font-size: 0.85rem; color: var(--muted); }
.tile dd { font-size: 1.4rem; font-weight: 700; }
.figs { display: grid; gap: 1rem; }
@media (min-width: 60rem) { .figs { grid-template-columns: 1fr 1fr; } }
.fig { margin: 0; }
.chart { display: block; max-width: 40rem; height: auto; }
.dash details summary { cursor: pointer; color: var(--blue); min-height: 32px; padding: 0.25rem 0; }
.dash details.flow { border-top: 1px solid var(--line); padding: 0.25rem 0; }
.dash details.flow > summary { font-weight: 700; color: var(--ink); }
.dash table { border-collapse: collapse; margin: 0.25rem 0; }
.dash caption { text-align: left; font-weight: 600; }
.dash th, .dash td { border: 1px solid var(--line); padding: 0.2rem 0.5rem; text-align: left; }
`
