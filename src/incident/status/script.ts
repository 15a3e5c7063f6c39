/**
 * The page's script, written out as plain ES5 so that it runs unbundled in any browser. Without it
 * the page still works: every bar is a tab stop and its tooltip is CSS.
 *
 * - One tab stop per service row (the roving tabindex of ARIA's composite widgets): Tab moves
 *   between services, ← → Home End between days, so a keyboard user does not tab through 900 bars
 *   to reach the incidents. The row's tab stop starts on today and follows the last bar focused.
 * - WCAG 1.4.13: a tooltip must be dismissable without moving the pointer or focus. Escape hides
 *   it until focus or the pointer moves again.
 */
const PAGE =
  'function rove(root){[].forEach.call(root.querySelectorAll(".bars"),function(row){' +
  'var bars=row.children;for(var i=0;i<bars.length;i++)bars[i].tabIndex=i===bars.length-1?0:-1})}' +
  'rove(document);' +
  'addEventListener("focusin",function(e){document.body.classList.remove("quiet");var b=e.target;' +
  'if(!b.matches||!b.matches(".bars i"))return;' +
  '[].forEach.call(b.parentNode.children,function(x){x.tabIndex=x===b?0:-1})});' +
  'addEventListener("mouseover",function(){document.body.classList.remove("quiet")});' +
  'addEventListener("keydown",function(e){if(e.key==="Escape")document.body.classList.add("quiet");' +
  'var b=e.target;if(!b.matches||!b.matches(".bars i"))return;' +
  'var row=[].slice.call(b.parentNode.children),i=row.indexOf(b),' +
  'j={ArrowLeft:i-1,ArrowRight:i+1,Home:0,End:row.length-1}[e.key];' +
  'if(j===undefined)return;e.preventDefault();if(row[j])row[j].focus()});';

/**
 * On each `update` event: fetch this page again and swap its <main>, keeping keyboard focus on the
 * same bar. EventSource reconnects by itself when the daemon restarts.
 */
function live(eventsUrl: string): string {
  const url = JSON.stringify(eventsUrl).replace(/</g, '\\u003c');
  return (
    `var s=new EventSource(${url});s.addEventListener("update",function(){` +
    'fetch(location.href,{cache:"no-store"}).then(function(r){return r.ok?r.text():""}).then(function(t){' +
    'var n=new DOMParser().parseFromString(t,"text/html").getElementById("main"),m=document.getElementById("main");' +
    'if(!n||!m)return;' +
    'var i=[].indexOf.call(m.querySelectorAll(".bars i"),document.activeElement);' +
    'rove(n);m.replaceWith(n);if(i>=0){var f=n.querySelectorAll(".bars i")[i];if(f)f.focus()}' +
    '}).catch(function(){})});'
  );
}

/** The page's one inline script; with `eventsUrl`, also the live part. */
export function pageScript(eventsUrl?: string): string {
  return `(function(){${PAGE}${eventsUrl === undefined ? '' : live(eventsUrl)}})();`;
}
