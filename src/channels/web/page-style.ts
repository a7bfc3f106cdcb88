/**
 * @module channels/web/page-style
 * The page's one stylesheet, inlined. Mobile first, for slow readers: 20px body text (it scales
 * with the browser's own font setting), high contrast, big touch targets, short lines.
 */

/** The stylesheet of the web chat page. */
export const PAGE_STYLE = String.raw`
:root {
  --ink: #111;
  --muted: #3d3d3d;
  --bg: #f4f2ed;
  --card: #fff;
  --line: #b9b4a8;
  --blue: #0a4587;
  --blue-soft: #e6eef8;
  --red: #b0001a;
  --red-soft: #fff0f0;
  --amber-soft: #fff3cd;
  --amber-ink: #4a3500;
  --focus: #f2a900;
  color-scheme: light;
}
html { font-size: 125%; -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
* { box-sizing: border-box; }
body {
  margin: 0;
  min-height: 100vh;
  min-height: 100dvh;
  display: flex;
  flex-direction: column;
  font-family: system-ui, -apple-system, "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC",
    "Hiragino Sans GB", "Microsoft YaHei", sans-serif;
  font-size: 1rem;
  line-height: 1.6;
  color: var(--ink);
  background: var(--bg);
}
p { margin: 0; }
button, textarea { font: inherit; color: inherit; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.sr {
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap;
}
svg { flex: none; width: 1.2em; height: 1.2em; fill: currentColor; }

.top {
  position: sticky; top: 0; z-index: 2;
  background: var(--card);
  border-bottom: 1px solid var(--line);
}
.bar {
  display: flex; align-items: center; justify-content: space-between; gap: 0.5rem;
  max-width: 40rem; margin: 0 auto;
  padding: 0.4rem 0.75rem;
  padding-top: max(0.4rem, env(safe-area-inset-top));
}
.brand { display: flex; align-items: baseline; gap: 0.5rem; min-width: 0; }
.brand strong { flex: none; font-size: 1.3rem; color: var(--blue); letter-spacing: 0.05em; white-space: nowrap; }
.brand span { font-size: 0.9rem; color: var(--muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
@media (max-width: 379px) { .brand span { display: none; } }
.exit {
  flex: none;
  display: inline-flex; align-items: center; gap: 0.3rem;
  min-height: 2.6rem;
  padding: 0.3rem 0.85rem;
  font-weight: 700;
  color: #fff; background: #1f1f1f;
  border: 2px solid #1f1f1f; border-radius: 999px;
  cursor: pointer;
}
.exit:active { background: #444; }
.status {
  padding: 0.45rem 0.75rem;
  text-align: center; font-weight: 700;
  color: var(--amber-ink); background: var(--amber-soft);
  border-top: 1px solid #e2c15a;
}
.status[hidden] { display: none; }

.sos {
  display: flex; flex-wrap: wrap; align-items: center; justify-content: center; gap: 0.25rem 0.6rem;
  padding: 0.45rem 0.75rem;
  font-weight: 700; color: var(--red); background: var(--red-soft);
  border-bottom: 1px solid #f0c4c4;
}
.sos a {
  display: inline-flex; align-items: center; gap: 0.3rem;
  min-height: 2.4rem; padding: 0.2rem 0.9rem;
  color: #fff; background: var(--red);
  border-radius: 999px; text-decoration: none;
}

main { flex: 1; width: 100%; max-width: 40rem; margin: 0 auto; padding: 1rem 0.75rem 1.5rem; }
.noscript { padding: 1rem; border: 3px solid var(--red); background: var(--red-soft); border-radius: 12px; }
.log { display: flex; flex-direction: column; gap: 1rem; }
.msg { scroll-margin-top: 9rem; }
.msg:focus { outline: none; }
.bubble { padding: 0.75rem 1rem; border-radius: 6px 20px 20px 20px; background: var(--card); border: 1px solid var(--line); }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
.text + .text { margin-top: 0.5rem; }
.user { display: flex; flex-direction: column; align-items: flex-end; }
.user .bubble { max-width: 85%; color: #fff; background: var(--blue); border-color: var(--blue); border-radius: 20px 6px 20px 20px; }
.user.unsent .bubble { background: #56657a; border-style: dashed; }
.note { margin-top: 0.25rem; font-size: 0.9rem; color: var(--muted); }

.operator .bubble { border: 2px solid var(--blue); }
.who { margin-bottom: 0.3rem; font-size: 0.9rem; font-weight: 700; color: var(--blue); }
.urgent .bubble { border: 3px solid var(--red); background: var(--red-soft); }
.badge {
  display: inline-flex; align-items: center; gap: 0.3rem;
  margin-bottom: 0.4rem; padding: 0.1rem 0.7rem 0.1rem 0.5rem;
  font-weight: 700; color: #fff; background: var(--red); border-radius: 999px;
}
.urgent .text { font-weight: 700; }

.contacts { list-style: none; margin: 0.75rem 0 0; padding: 0; display: flex; flex-direction: column; gap: 0.6rem; }
.call {
  display: flex; align-items: center; gap: 0.75rem;
  min-height: 3.2rem; padding: 0.7rem 1rem;
  color: var(--blue); background: var(--card);
  border: 2px solid var(--blue); border-radius: 14px;
  text-decoration: none;
}
.call svg { width: 1.6rem; height: 1.6rem; }
/* An agency without a number: how to reach it, in plain words; it must not look like a button. */
.agency {
  display: flex; padding: 0.5rem 0.25rem 0.5rem 0.9rem;
  color: var(--ink); background: transparent;
  border: 0; border-left: 4px solid var(--line); border-radius: 0;
}
.words { display: flex; flex-direction: column; min-width: 0; }
.name { font-size: 1.2rem; font-weight: 700; line-height: 1.35; }
.desc { font-size: 0.9rem; line-height: 1.5; color: var(--ink); }
.hint { font-size: 0.9rem; font-weight: 700; text-decoration: underline; }
.urgent .call { color: #fff; background: var(--red); border-color: var(--red); }
.urgent .call .desc { color: #fff; }

.choices { display: flex; flex-direction: column; gap: 0.6rem; margin-top: 0.85rem; }
.choice {
  display: flex; align-items: center; gap: 0.75rem;
  width: 100%; min-height: 3.2rem; padding: 0.55rem 1rem 0.55rem 0.6rem;
  font-size: 1.05rem; font-weight: 700; line-height: 1.4; text-align: left;
  color: var(--blue); background: var(--card);
  border: 2px solid var(--blue); border-radius: 14px;
  cursor: pointer; touch-action: manipulation;
}
.choice:active { background: var(--blue-soft); }
.link {
  display: block; margin-top: 0.6rem; padding: 0.7rem 1rem; min-height: 48px; box-sizing: border-box;
  border: 2px solid var(--blue); border-radius: 12px; color: var(--blue); background: var(--card);
  font-weight: 600; text-align: center; text-decoration: none;
}
.choice:disabled { cursor: default; opacity: 0.6; }
.num {
  flex: none; display: inline-flex; align-items: center; justify-content: center;
  width: 2rem; height: 2rem; border-radius: 50%;
  color: #fff; background: var(--blue); font-size: 1.05rem;
}

.error .bubble { border: 2px solid #8a5a00; background: var(--amber-soft); }
.detail { margin-top: 0.5rem; font-size: 0.9rem; color: var(--muted); overflow-wrap: anywhere; }
.retry {
  margin-top: 0.75rem; min-height: 3rem; padding: 0.4rem 1.6rem;
  font-weight: 700; color: #fff; background: var(--blue);
  border: 2px solid var(--blue); border-radius: 999px; cursor: pointer;
}
.waiting { margin-top: 1rem; color: var(--muted); }
.waiting[hidden] { display: none; }

.compose {
  position: sticky; bottom: 0; z-index: 2;
  background: var(--card); border-top: 1px solid var(--line);
  padding: 0.6rem 0.75rem;
  padding-bottom: max(0.6rem, env(safe-area-inset-bottom));
}
.compose form { display: flex; align-items: flex-end; gap: 0.5rem; max-width: 40rem; margin: 0 auto; }
.compose textarea {
  flex: 1; min-width: 0; min-height: 3rem; max-height: 40vh;
  padding: 0.5rem 0.75rem; line-height: 1.5;
  background: #fff; border: 2px solid #5a5a5a; border-radius: 12px;
  resize: none;
}
.compose textarea::placeholder { color: #6b6b6b; }
.send {
  flex: none; min-height: 3rem; min-width: 4.5rem; padding: 0.4rem 1rem;
  font-weight: 700; color: #fff; background: var(--blue);
  border: 2px solid var(--blue); border-radius: 12px; cursor: pointer;
}
.send:disabled { opacity: 0.6; cursor: default; }
.counter { max-width: 40rem; margin: 0.3rem auto 0; font-size: 0.9rem; color: var(--muted); }
.counter[hidden] { display: none; }
@media (prefers-reduced-motion: no-preference) { html { scroll-behavior: smooth; } }
`
