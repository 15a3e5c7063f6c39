/**
 * The status page's stylesheet, inlined into the page (no external requests, no web fonts).
 * Colours pass WCAG AA in both schemes: text ≥ 4.5:1 on its background, bars ≥ 3:1 against the card.
 * Nothing has a fixed width, and the 90 bars share the row, so the page never scrolls sideways at 390 px;
 * a bar's tooltip hangs from its row, not the bar, because at the row's ends a bar-anchored one would
 * overflow sideways.
 */
export const STATUS_CSS = `
:root{--bg:#f6f8fa;--card:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;
--ok:#1a7f37;--warn:#9a6700;--bad:#c4232d;--none:#8c959f;--tip-bg:#1f2328;--tip-fg:#fff;--on:#fff}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--card:#161b22;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;
--ok:#3fb950;--warn:#d29922;--bad:#f85149;--none:#656c76;--tip-bg:#e6edf3;--tip-fg:#0d1117;--on:#0d1117}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);
font:16px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;
overflow-wrap:anywhere}
main{max-width:52rem;margin:0 auto;padding:1.5rem 1rem 2rem}
h1{font-size:1.6rem;margin:0 0 1rem}
h2{font-size:1.2rem;margin:2rem 0 .75rem}
h3,h4{font-size:1rem;margin:0}
p{margin:.25rem 0}
ul,ol{list-style:none;margin:0;padding:0}
.banner{border-radius:.5rem;padding:1rem 1.25rem;font-size:1.2rem;font-weight:600;color:var(--on);background:var(--ok)}
.banner.degraded{background:var(--warn)}.banner.partial_outage,.banner.major_outage{background:var(--bad)}
.card{background:var(--card);border:1px solid var(--line);border-radius:.5rem}
.services>li{padding:1rem 1.25rem;border-top:1px solid var(--line)}
.services>li:first-child{border-top:0}
.head{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.25rem 1rem;align-items:baseline}
.state{font-weight:600}
.state.operational{color:var(--ok)}.state.degraded{color:var(--warn)}.state.outage{color:var(--bad)}
.muted,.desc{color:var(--muted)}
.desc{font-size:.9rem}
.bars{position:relative;display:flex;gap:1px;height:2.25rem;margin:.75rem 0 .25rem}
.bars i{flex:1 1 0;min-width:0;border-radius:1px;background:var(--none);font-style:normal}
.bars i.o{background:var(--ok)}.bars i.d{background:var(--warn)}.bars i.x{background:var(--bad)}
.bars i:hover,.bars i:focus{box-shadow:inset 0 0 0 2rem rgb(0 0 0/.3)}
.bars i:focus-visible{outline:2px solid var(--fg);outline-offset:2px}
.bars i:hover::after,.bars i:focus::after{content:attr(aria-label);position:absolute;left:50%;
transform:translateX(-50%);width:max-content;max-width:100%;
bottom:calc(100% + .4rem);z-index:1;padding:.4rem .6rem;border-radius:.35rem;background:var(--tip-bg);
color:var(--tip-fg);
font-size:.85rem;pointer-events:none}
.quiet .bars i::after{display:none}
.axis{display:flex;justify-content:space-between;gap:.5rem;font-size:.8rem;color:var(--muted)}
.legend{font-size:.85rem;color:var(--muted);margin:-.25rem 0 .75rem}
.incident{padding:1rem 1.25rem;margin-bottom:.75rem}
.incident.active{border-left:.3rem solid var(--warn)}.incident.major{border-left-color:var(--bad)}
.affects{font-size:.9rem;color:var(--muted)}
.timeline>li{margin-top:.6rem}

time{color:var(--muted);font-size:.85rem;display:block}
.day{padding:.75rem 0;border-top:1px solid var(--line)}
.day h3{margin-bottom:.35rem}
.day .incident{background:none;border:0;padding:0;margin:.5rem 0 0}
footer{margin-top:2rem;font-size:.85rem;color:var(--muted)}
`
  .replace(/\n/g, '')
  .trim();
