"use strict";
(function () {
  // Data: one index (summary of every document) and one JSON script per document, parsed
  // only when that document is shown, so opening a report of thousands stays quick.
  var index = JSON.parse(document.getElementById("cleankit-index").textContent);
  var cleaners = index.cleaners;
  var docs = index.docs;             // sorted by share removed, most first
  var filter = { cleaner: new Set(), reason: new Set() };
  var visible = docs.map(function (_, i) { return i; });  // ranks shown in the list
  var current = -1;                  // rank of the document shown
  var shown = null;                  // its parsed data
  var pinned = null;
  var $ = function (id) { return document.getElementById(id); };

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function pct(x) { return (100 * x).toFixed(1) + "%"; }
  function showSpace(s) {
    // whitespace-only text is drawn with visible symbols
    if (/\S/.test(s)) return s;
    return s.replace(/\n/g, "⏎").replace(/\t/g, "⇥").replace(/\u00a0/g, "⍽").replace(/ /g, "·");
  }

  // -- filters ------------------------------------------------------------------------
  function chips() {
    var reasonCounts = new Map();
    var cleanerCounts = new Array(cleaners.length).fill(0);
    docs.forEach(function (d) {
      for (var c in d.c) cleanerCounts[c] += d.c[c];
      for (var r in d.r) reasonCounts.set(r, (reasonCounts.get(r) || 0) + d.r[r]);
    });
    $("f-cleaner").innerHTML = cleaners.map(function (c, i) {
      return cleanerCounts[i] ? '<button type="button" aria-pressed="false" data-filter="cleaner" data-value="' + esc(c.name) +
        '" data-cleaner="' + esc(c.name) + '" title="' + esc(c.plugin + " " + c.version) + '"><span class="sw"></span>' +
        esc(c.name) + " " + cleanerCounts[i] + "</button>" : "";
    }).join("");
    var reasons = Array.from(reasonCounts.entries()).sort(function (a, b) { return b[1] - a[1] || (a[0] < b[0] ? -1 : 1); });
    $("f-reason").innerHTML = reasons.map(function (r) {
      return '<button type="button" aria-pressed="false" data-filter="reason" data-value="' + esc(r[0]) + '">' +
        esc(r[0]) + " " + r[1] + "</button>";
    }).join("");
  }

  function cssValue(s) { return '"' + s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\a ") + '"'; }

  function applyFilter() {
    // one style rule hides other cleaners' removals and un-marks their rewrites: no per-element work
    var rules = [];
    ["cleaner", "reason"].forEach(function (kind) {
      var set = filter[kind];
      if (!set.size) return;
      var not = Array.from(set).map(function (v) { return ":not([data-" + kind + "=" + cssValue(v) + "])"; }).join("");
      rules.push('#text [data-kind="removal"]' + not + "{display:none}");
      rules.push('#text [data-kind="rewrite"]' + not + "{outline:none;background:none}");
      rules.push('#text [data-kind="rewrite"]' + not + "::before," + '#text [data-kind="rewrite"]' + not + " > .to::before{content:none}");
    });
    $("filter-style").textContent = rules.join("\n");
    document.querySelectorAll("#filters button[data-filter], #summary [data-filter]").forEach(function (b) {
      if (b.tagName === "BUTTON") b.setAttribute("aria-pressed", filter[b.dataset.filter].has(b.dataset.value) ? "true" : "false");
    });
    $("f-clear").hidden = !(filter.cleaner.size || filter.reason.size);
    visible = [];
    var cIdx = new Set();
    cleaners.forEach(function (c, i) { if (filter.cleaner.has(c.name)) cIdx.add(String(i)); });
    docs.forEach(function (d, rank) {
      if (cIdx.size && !Object.keys(d.c).some(function (k) { return cIdx.has(k); })) return;
      if (filter.reason.size && !Object.keys(d.r).some(function (k) { return filter.reason.has(k); })) return;
      visible.push(rank);
    });
    renderList();
    if (visible.length && visible.indexOf(current) < 0) open(visible[0]);
  }

  function toggle(kind, value) {
    var set = filter[kind];
    if (set.has(value)) set.delete(value); else set.add(value);
    applyFilter();
  }

  // -- the document list -----------------------------------------------------------------
  function renderList() {
    var html = [];
    for (var n = 0; n < visible.length; n++) {
      var rank = visible[n], d = docs[rank];
      var flag = d.flags.length ? '<span class="fl" title="' + esc(d.flags.join(", ")) + '">⚑</span>' : "";
      var err = d.nerr ? '<span class="fl" title="cleaner errors">!</span>' : "";
      html.push('<li data-rank="' + rank + '"' + (rank === current ? ' class="cur"' : "") + ' title="' + esc(d.src) + '">' +
        '<span class="sh">' + pct(d.share) + '<i style="width:' + (100 * d.share).toFixed(0) + '%"></i></span>' +
        '<span class="nm">&lrm;' + esc(d.src) + "&lrm;</span><span>" + flag + err + "</span></li>");
    }
    $("doclist").innerHTML = html.join("");
    $("count").textContent = visible.length + " of " + docs.length + " documents, most removed first";
  }

  function markCurrent() {
    var old = document.querySelector("#doclist li.cur");
    if (old) old.classList.remove("cur");
    var li = document.querySelector('#doclist li[data-rank="' + current + '"]');
    if (!li) return;
    li.classList.add("cur");
    // scroll the list only (scrollIntoView would scroll the page away from the summary too)
    var list = $("doclist");
    if (li.offsetTop < list.scrollTop) list.scrollTop = li.offsetTop;
    else if (li.offsetTop + li.offsetHeight > list.scrollTop + list.clientHeight)
      list.scrollTop = li.offsetTop + li.offsetHeight - list.clientHeight;
  }

  // -- one document ----------------------------------------------------------------------
  function build(segs, parent) {
    for (var n = 0; n < segs.length; n++) {
      var s = segs[n];
      if (typeof s === "string") { parent.appendChild(document.createTextNode(s)); continue; }
      var el = document.createElement("span");
      if (s[0] === 0 || s[0] === 1) {
        var e = shown.edits[s[1]], c = cleaners[e[0]];
        el.setAttribute("data-kind", s[0] === 0 ? "removal" : "rewrite");
        el.setAttribute("data-cleaner", c.name);
        el.setAttribute("data-reason", e[1]);
        el.setAttribute("data-i", s[1]);
        if (s[0] === 0) build(s[2], el);
        else {
          el.setAttribute("data-show", showSpace(s[2]));
          if (!/\S/.test(s[2] + s[3])) el.classList.add("ws");
          el.appendChild(document.createElement("span")).className = "to";
          if (s[3]) el.appendChild(document.createTextNode(s[3])); else el.classList.add("gone");
        }
      } else if (s[0] === 2) {
        el.className = "mark";
        el.title = "an earlier edit sat here (shown just before)";
      } else {
        el.className = "moved";
        el.title = "edits made earlier inside the next highlighted span";
        build(s[1], el);
      }
      parent.appendChild(el);
    }
  }

  function head(d, entry) {
    var used = {};
    d.edits.forEach(function (e) { used[e[0]] = 1; });
    var legend = Object.keys(used).map(function (i) {
      return '<span data-cleaner="' + esc(cleaners[i].name) + '">' + esc(cleaners[i].name) + "</span>";
    }).join("");
    var meta = Object.keys(d.meta).map(function (k) {
      var v = d.meta[k];
      return "<tr><td>" + esc(k) + "</td><td>" + esc(Array.isArray(v) ? v.join("; ") : typeof v === "object" ? JSON.stringify(v) : v) + "</td></tr>";
    }).join("");
    var errors = d.errors.map(function (e) {
      return '<div class="err">cleaner error: ' + esc(e.cleaner) + " (" + esc(e.plugin) + "): " + esc(e.reason) + "</div>";
    }).join("");
    var removals = d.edits.length ? entry.nrm : 0;
    return "<h2>" + esc(d.src) + "</h2>" +
      (d.url ? '<div class="line">url: ' + esc(d.url) + "</div>" : "") +
      '<div class="line">' + pct(d.share) + " removed (" + d.k + " of " + d.n + " characters kept) · " +
      removals + " removal(s), " + (d.edits.length - removals) + " rewrite(s)" +
      (d.flags.length ? ' · <span class="flag">flags: ' + esc(d.flags.join(", ")) + "</span>" : "") +
      (d.approx ? " · " + d.approx + " edit(s) placed approximately" : "") + "</div>" +
      errors + (meta ? "<table>" + meta + "</table>" : '<div class="line">no metadata found</div>') +
      '<div class="legend">' + legend + "</div>";
  }

  function open(rank) {
    if (rank < 0 || rank >= docs.length) return;
    current = rank;
    var entry = docs[rank];
    var holder = document.getElementById("d" + entry.d);
    shown = JSON.parse(holder.textContent);
    $("dochead").innerHTML = head(shown, entry);
    var frag = document.createDocumentFragment();
    build(shown.seg, frag);
    var text = $("text");
    text.textContent = "";
    text.appendChild(frag);
    $("doc").scrollTop = 0;
    pinned = null;
    markCurrent();
    if (location.hash !== "#doc-" + rank) history.replaceState(null, "", "#doc-" + rank);
  }

  function step(delta) {
    if (!visible.length) return;
    var at = visible.indexOf(current);
    var next = at < 0 ? 0 : Math.min(visible.length - 1, Math.max(0, at + delta));
    open(visible[next]);
  }

  // -- details of one edit -----------------------------------------------------------------
  function describe(el) {
    var e = shown.edits[+el.getAttribute("data-i")], c = cleaners[e[0]];
    return { kind: el.getAttribute("data-kind"), cleaner: c.name, plugin: c.plugin + (c.version ? " " + c.version : ""),
      reason: e[1], description: c.reasons[e[1]] || "(no description registered)", start: e[2], end: e[3] };
  }

  function details(el) {
    var x = describe(el);
    var body;
    if (x.kind === "removal") body = "<dt>removed</dt><dd><pre>" + esc(el.textContent) + "</pre></dd>";
    else body = "<dt>before</dt><dd><pre>" + esc(showSpace(el.getAttribute("data-show"))) + "</pre></dd><dt>after</dt><dd><pre>" +
      esc(showSpace(el.textContent)) + "</pre></dd>";
    $("details").innerHTML = '<h3 data-cleaner="' + esc(x.cleaner) + '">' + esc(x.kind) + " by " + esc(x.cleaner) + "</h3><dl>" +
      "<dt>plugin</dt><dd>" + esc(x.plugin) + "</dd><dt>reason</dt><dd><code>" + esc(x.reason) + "</code> — " + esc(x.description) +
      "</dd><dt>position in the original</dt><dd>" + x.start + "–" + x.end + "</dd>" + body + "</dl>";
  }

  // -- events ------------------------------------------------------------------------------
  var tip = $("tip");
  $("text").addEventListener("mouseover", function (ev) {
    var el = ev.target.closest("[data-i]");
    if (!el) { tip.hidden = true; return; }
    var x = describe(el);
    tip.textContent = x.cleaner + " · " + x.reason + " — " + x.description + " (" + x.plugin + ")";
    tip.hidden = false;
  });
  $("text").addEventListener("mousemove", function (ev) {
    if (tip.hidden) return;
    tip.style.left = Math.min(ev.clientX + 12, window.innerWidth - 430) + "px";
    tip.style.top = (ev.clientY + 16) + "px";
  });
  $("text").addEventListener("mouseleave", function () { tip.hidden = true; });
  $("text").addEventListener("click", function (ev) {
    var el = ev.target.closest("[data-i]");
    if (!el) return;
    if (pinned) pinned.classList.remove("sel");
    pinned = el;
    el.classList.add("sel");
    details(el);
  });
  $("doclist").addEventListener("click", function (ev) {
    var li = ev.target.closest("li[data-rank]");
    if (li) open(+li.getAttribute("data-rank"));
  });
  document.addEventListener("click", function (ev) {
    var f = ev.target.closest("[data-filter]");
    if (f && f.dataset.value !== undefined) { toggle(f.dataset.filter, f.dataset.value); return; }
    var a = ev.target.closest("a[data-doc]");
    if (a) { ev.preventDefault(); open(+a.getAttribute("data-doc")); }
  });
  $("f-clear").addEventListener("click", function () { filter.cleaner.clear(); filter.reason.clear(); applyFilter(); });
  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var t = ev.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable)) return;
    if (ev.key === "j" || ev.key === "ArrowRight") { step(1); ev.preventDefault(); }
    else if (ev.key === "k" || ev.key === "ArrowLeft") { step(-1); ev.preventDefault(); }
    else if (ev.key === "Escape") { filter.cleaner.clear(); filter.reason.clear(); applyFilter(); }
  });

  $("generated").textContent = "generated " + index.generated;
  chips();
  renderList();
  var m = /^#doc-(\d+)$/.exec(location.hash);
  if (docs.length) open(m ? Math.min(+m[1], docs.length - 1) : 0);
  else $("text").textContent = "No documents.";
  // for scripts and tests that drive the page: open a document by its rank in the list
  window.cleankitReview = { open: open, count: docs.length, current: function () { return current; }, readyAt: performance.now() };
  document.body.setAttribute("data-ready", "1");
})();
