"""The page's inline style sheet: readable on screen, plain in print, nothing fetched."""

CSS = """
:root { color-scheme: light; --ink: #1d1d1f; --muted: #555; --line: #8a8a8a; --accent: #0b4f8a; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans", sans-serif; color: var(--ink);
       background: #fff; }
main { max-width: 46rem; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 .75rem; }
h2 { font-size: 1.4rem; margin: 2.25rem 0 .5rem; border-bottom: 2px solid var(--accent); padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .35rem; }
h4 { font-size: 1rem; margin: .9rem 0 .3rem; }
h1, h2, h3, h4, .text, .lead, .option, .chip, .timestamp, figcaption, a { white-space: pre-wrap;
  overflow-wrap: anywhere; }
.lead { color: var(--muted); font-style: italic; }
.timestamp { color: var(--muted); font-size: .875rem; font-weight: 400; font-variant-numeric: tabular-nums; }
p.instruction { margin: 1.25rem 0 .35rem; }
blockquote.quote { margin: .5rem 0; padding: 0 0 0 1rem; border-left: 4px solid var(--line); }
blockquote.quote .text { font-style: italic; }
.tags, .choices { list-style: none; padding: 0; margin: .5rem 0; }
.tags { display: flex; flex-wrap: wrap; gap: .4rem; }
.chip { border: 1px solid var(--line); border-radius: 1rem; padding: .1rem .65rem; font-size: .875rem; }
.chip .key { font-weight: 600; }
.chip .key::after { content: ":"; }
.item > .tags { margin: .35rem 0 .75rem; }
.item > .tags .chip { font-size: .8rem; }
.option { padding: .1rem 0; }
.option .mark { display: inline-block; width: 1.4em; }
.option.checked { font-weight: 700; }
.option:not(.checked) { color: var(--muted); }
.unanswered { color: var(--muted); font-style: italic; }
.group { margin: .5rem 0; }
.record { border: 1px solid var(--line); border-radius: .4rem; padding: .25rem 1rem .75rem; margin: .75rem 0; }
.record > .record-label { font-size: .8rem; color: var(--muted); margin: .4rem 0 0; }
figure { margin: .5rem 0; }
img { max-width: 100%; height: auto; border: 1px solid #ddd; }
.mosaic { display: flex; flex-wrap: wrap; gap: .5rem; }
.mosaic figure { flex: 1 1 12rem; }
figcaption { font-size: .875rem; color: var(--muted); }
a { color: var(--accent); }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
                   white-space: nowrap; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  h2, h3, h4 { break-after: avoid; }
  .item, .record, figure { break-inside: avoid; }
  a[href]::after { content: " (" attr(href) ")"; font-size: .85em; color: var(--muted); }
  .option:not(.checked) { color: var(--ink); }
}
""".strip()
