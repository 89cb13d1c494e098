/* Gongkailan: large-text mode (适老化) and the Pagefind search box. No outside requests. */
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "gkl-elder";

  /* Large-text mode. The attribute is already set by the inline script in <head> (main.html)
     before the first paint, so a remembered choice never flashes small text. */
  function showElder() {
    var on = root.hasAttribute("data-gkl-elder");
    document.querySelectorAll("[data-gkl-elder-toggle]").forEach(function (b) {
      b.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }
  function setElder(on) {
    if (on) root.setAttribute("data-gkl-elder", "");
    else root.removeAttribute("data-gkl-elder");
    try { localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* private mode: works for this page only */ }
    showElder();
    scrollables(); /* larger text makes more tables wider than the screen */
  }
  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest("[data-gkl-elder-toggle]");
    if (b) setElder(!root.hasAttribute("data-gkl-elder"));
  });
  showElder();

  /* Tables wider than a phone scroll sideways; make each such box reachable by keyboard. */
  function scrollables() {
    document.querySelectorAll(".md-typeset__scrollwrap, .gkl-table-wrap").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth && !box.hasAttribute("tabindex")) {
        var caption = box.querySelector("caption");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", caption ? caption.textContent.trim() : "表格（可左右滑动）");
      }
    });
  }
  scrollables();
  window.addEventListener("load", scrollables);
  window.addEventListener("resize", scrollables);

  /* Notices: on a year's page a kind link shows that year's notices of the kind in place
     (2026 年 · 会议决议); a second click shows them all again. Without JavaScript the link
     opens the kind's page of that year (generator/site/notice_lists.py), which lists the same. */
  var yearList = document.querySelector("[data-gkl-year]");
  function filterYear(kind) {
    var shown = 0;
    document.querySelectorAll("ul.gkl-dated").forEach(function (ul) {
      var left = 0;
      ul.querySelectorAll("li[data-kind]").forEach(function (li) {
        li.hidden = kind !== "" && li.getAttribute("data-kind") !== kind;
        if (!li.hidden) left += 1;
      });
      ul.hidden = left === 0;
      var heading = ul.previousElementSibling;
      if (heading && heading.tagName === "H2") heading.hidden = left === 0;
      shown += left;
    });
    yearList.querySelectorAll("a[data-gkl-kind]").forEach(function (a) {
      if (a.getAttribute("data-gkl-kind") === kind) a.setAttribute("aria-current", "true");
      else a.removeAttribute("aria-current");
    });
    var count = document.querySelector("[data-gkl-count]");
    if (count) count.textContent = kind ? yearList.getAttribute("data-gkl-year") + "年的" + kind + "共 " + shown
      + " 则，再点一次“" + kind + "”显示全部。" : count.getAttribute("data-gkl-count");
  }
  if (yearList) document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a[data-gkl-kind]");
    if (!a || !yearList.contains(a) || e.ctrlKey || e.metaKey || e.shiftKey) return;
    e.preventDefault();
    filterYear(a.getAttribute("aria-current") ? "" : a.getAttribute("data-gkl-kind"));
  });

  /* Search. */
  var form = document.querySelector("[data-gkl-search-form]");
  if (!form) return;
  var input = form.querySelector("[data-gkl-search]");
  var box = document.querySelector("[data-gkl-search-result]");
  var meta = box.querySelector(".md-search-result__meta");
  var list = box.querySelector(".md-search-result__list");
  var toggle = document.getElementById("__search");
  /* On a committee's pages search keeps to that committee unless the resident switches to the
     whole site (partials/search.html); elsewhere it covers everything. */
  var scopes = document.querySelectorAll("[data-gkl-scope] input[type=radio]");
  var site = new URL((form.getAttribute("data-gkl-base") || ".") + "/", location.href);
  /* One Pagefind index per committee at /<committee>/pagefind/, and one for the pages at the root
     at /pagefind/ (generator/outputs/search.py); the page lists the committees, so that nothing
     has to be asked of the server before searching. */
  var units = (form.getAttribute("data-gkl-units") || "").split(/\s+/).filter(Boolean);
  var own = "";
  scopes.forEach(function (r) { if (r.value) own = r.value; });
  var engines = {};
  var seq = 0;
  /* Each result shown costs a small download; ten fill a phone screen twice. */
  var SHOWN = 10;
  var timer = 0;

  function msg(name, n) { return (box.getAttribute("data-msg-" + name) || "").replace("{n}", n); }

  /* A unit is a committee's folder on this site, or on a city's portal "<site path>:<folder>"
     for an index of another site on the same host (generator/outputs/portal.py), "" after the
     colon for that site's root. Each index's results are links into its own site. */
  function where(unit) {
    var at = unit.indexOf(":");
    return at < 0 ? { root: site, name: unit } : { root: new URL(unit.slice(0, at), site), name: unit.slice(at + 1) };
  }
  function bundle(unit) { var w = where(unit); return new URL((w.name ? w.name + "/" : "") + "pagefind/", w.root); }

  /* Each unit's variant table maps the other script's forms of its own pages' characters. Joined,
     a character that is on any unit's pages (a value of some table) is never mapped away. */
  function joinVariants(tables) {
    var out = {}, onSite = {};
    tables.forEach(function (t) {
      Object.keys(t).forEach(function (c) { onSite[t[c]] = true; if (!(c in out)) out[c] = t[c]; });
    });
    Object.keys(onSite).forEach(function (c) { delete out[c]; });
    return out;
  }

  var ROOT = "_site"; /* the root unit's name (generator/outputs/search.py) */
  function variantsOf(unit) {
    return fetch(new URL("gkl-variants.json", bundle(unit))).then(function (r) { return r.ok ? r.json() : {}; })
      .catch(function () { return {}; });
  }

  /* The search of a scope: one committee's index alone (``unit`` its slug), or with "" every
     index merged (Pagefind's mergeIndex). On a committee's page the whole-site search starts
     from that committee's index, so Pagefind's script, its wasm and that index are fetched once
     for both scopes. The variant table comes with it; the whole site's other tables only when
     a query needs them (``everyTable``). */
  function load(unit) {
    if (!engines[unit]) {
      var primary = unit || own;
      var merged = unit ? [] : [""].concat(units).filter(function (u) { return u !== primary; });
      /* Each index answers to its unit's name as a filter (Pagefind's mergeFilter), so that the
         root's own best page can be asked for (rootFor). */
      var settings = function (u) { var w = where(u); return { baseUrl: w.root.pathname, mergeFilter: { unit: w.name || ROOT } }; };
      var engine = import(bundle(primary).href + "pagefind.js").then(function (pf) {
        var first = settings(primary);
        first.basePath = bundle(primary).pathname;
        var search = pf.createInstance(first);
        return Promise.all(merged.map(function (u) {
          return search.mergeIndex(bundle(u).pathname, settings(u));
        })).then(function () { return search; });
      });
      var variants = variantsOf(primary);
      var every = null;
      engines[unit] = Promise.all([engine, variants]).then(function (both) {
        return {
          pf: both[0],
          variants: both[1],
          everyTable: merged.length ? function () {
            every = every || Promise.all([variants].concat(merged.map(variantsOf))).then(joinVariants);
            return every;
          } : null
        };
      });
      engines[unit].catch(function () { delete engines[unit]; });
    }
    return engines[unit];
  }

  /* 財務 on a simplified site (or 财务 on a traditional one): map each character to the site's
     form; amounts lose ¥ and thousands separators, as they were indexed (generator/search.py). */
  function normalise(q, variants) {
    return Array.from(q).map(function (c) { return variants[c] || c; }).join("")
      .replace(/[¥￥]?(\d{1,3}(?:[,，]\d{3})+|\d+)(\.\d{1,2})?/g, function (m, whole, cents) {
        return whole.replace(/[,，]/g, "") + (cents || "");
      });
  }
  /* The index holds Chinese as overlapping character pairs (幸福里 → 幸福 福里); so must the query. */
  var HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
  /* Each character spelt as its code point in hex with the letters a-p (generator/search.py: code). */
  function code(chars) {
    return Array.from(chars).map(function (c) {
      return ("0000" + c.charCodeAt(0).toString(16)).slice(-4).split("").map(function (h) {
        return String.fromCharCode(97 + parseInt(h, 16));
      }).join("");
    }).join("");
  }
  function pairs(q) {
    return q.replace(HAN, function (run) {
      if (run.length === 1) return " " + code(run) + " ";
      var out = [];
      for (var i = 0; i < run.length - 1; i++) out.push(code(run.slice(i, i + 2)));
      return " " + out.join(" ") + " ";
    }).replace(/\s+/g, " ").trim();
  }
  function escapeHtml(s) {
    return s.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }
  /* A line of the page around the first place the words occur, the words marked. */
  function excerpt(text, terms) {
    var flat = text.replace(/\s+/g, " ");
    var at = -1;
    terms.forEach(function (t) { var i = flat.indexOf(t); if (i >= 0 && (at < 0 || i < at)) at = i; });
    var start = Math.max(0, at - 20);
    var piece = (start > 0 ? "…" : "") + flat.slice(start, start + 80) + (flat.length > start + 80 ? "…" : "");
    var out = escapeHtml(piece);
    terms.forEach(function (t) {
      if (t) out = out.split(escapeHtml(t)).join("<mark>" + escapeHtml(t) + "</mark>");
    });
    return out;
  }

  /* 2026-11-18 → 2026年11月18日, as dates are written on the pages. */
  function cnDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return m ? m[1] + "年" + Number(m[2]) + "月" + Number(m[3]) + "日" : "";
  }
  /* Under each title: 日期 · 类别 · 委员会, from the page's own metadata (gkl-about.html). */
  function about(meta) {
    return [cnDate(meta.date), meta.kind, meta.committee].filter(Boolean).join(" · ");
  }

  function render(results, total, terms) {
    list.replaceChildren();
    meta.textContent = results.length ? msg("found", total) : msg("none");
    var shown = {};
    results.forEach(function (r) {
      var m = r.meta || {};
      var key = r.url + "\n" + (m.title || "") + "\n" + (m.committee || "");
      if (shown[key]) return; /* one line per page, however many searches found it */
      shown[key] = true;
      var li = document.createElement("li");
      li.className = "md-search-result__item";
      var a = document.createElement("a");
      a.className = "md-search-result__link";
      a.href = r.url;
      var art = document.createElement("article");
      art.className = "md-search-result__article md-typeset";
      var h = document.createElement("h2");
      h.textContent = m.title || r.url;
      var facts = document.createElement("p");
      facts.className = "gkl-search-about";
      facts.textContent = about(m);
      var p = document.createElement("p");
      p.innerHTML = excerpt(m.text || "", terms); /* escaped; only <mark> is markup */
      art.append(h);
      if (facts.textContent) art.append(facts);
      art.append(p);
      a.append(art);
      li.append(a);
      list.append(li);
    });
  }

  /* Pages about as relevant as each other (scores within a quarter of the best of their group:
     the same words on a longer or shorter page) come newest first. Each result gets its tier
     here; ``newestWithin`` orders a tier's dated pages, first by Pagefind's date sort (no page
     downloads, decides which pages are shown), then by the dates of the pages shown (exact also
     when the index is merged from several committees' indexes, whose sorts Pagefind ranks
     index by index). */
  var TIE = 0.75;
  function tiers(results, breaks) {
    var tierOf = {}, tier = 0, leader = null;
    results.forEach(function (r, i) {
      /* Groups (exact phrase, all words, most words: see find) never share a tier. */
      if (leader === null || r.score < leader * TIE || r.score > leader || breaks.indexOf(i) >= 0) {
        tier += 1;
        leader = r.score;
      }
      tierOf[r.id] = tier;
    });
    return tierOf;
  }
  /* Within a tier the dated items trade places, newest first (``newer`` < 0 when x is newer);
     an item without a date (a home or section page) keeps the place its relevance gave it. */
  function newestWithin(items, tierOf, dated, newer) {
    var sorted = items.filter(dated).sort(function (x, y) { return tierOf(x) - tierOf(y) || newer(x, y); });
    var next = 0;
    return items.map(function (e) { return dated(e) ? sorted[next++] : e; });
  }
  function newestAmongEquals(pf, q, results, tierOf) {
    return pf.search(pairs(q), { sort: { date: "desc" } }).then(function (byDate) {
      var rank = {};
      byDate.results.forEach(function (r, i) { rank[r.id] = i; });
      return newestWithin(results, function (r) { return tierOf[r.id]; }, function (r) { return r.id in rank; },
        function (x, y) { return rank[x.id] - rank[y.id]; });
    }).catch(function () { return results; });
  }

  /* A committee's home page, when the query names the committee (六合村): Pagefind ranks the
     many pages titled 六合村… alike, so the home page is looked up by its kind as well. */
  function homeFor(pf, q) {
    return pf.search(pairs(q), { filters: { kind: "首页" } }).then(function (res) { return res.results.slice(0, 1); })
      .catch(function () { return []; });
  }

  /* Merged, each index ranks by its own statistics: in the root's few pages (overview, guides)
     a word like 监督 is on nearly every page and counts for almost nothing, so the guide
     监督与意见渠道 would not be among the first results. The root index's own best page for the
     query is looked up too; it is shown when its title holds the query (see run). */
  function rootFor(pf, q) {
    return pf.search(pairs(q), { filters: { unit: ROOT } }).then(function (res) { return res.results.slice(0, 1); })
      .catch(function () { return []; });
  }

  /* The scope chosen: the committee's slug, or "" for the whole site. */
  function scope() {
    var chosen = "";
    scopes.forEach(function (r) { if (r.checked) chosen = r.value; });
    return chosen;
  }

  /* First the few pages with the query exactly as typed (a phrase: 2026年10月财务 finds
     October, not every month), then pages with all its pairs anywhere, then, when there are fewer than
     SHOWN, pages with most of the pairs, so that 低保公示 still finds a page that says 低保 in
     one place and 公示 in another. All searches use the same index chunks, fetched once. */
  function find(pf, q) {
    var tokens = pairs(q).split(" ").filter(Boolean);
    var phrase = tokens.length > 1 ? pf.search('"' + tokens.join(" ") + '"') : Promise.resolve({ results: [] });
    return Promise.all([phrase, pf.search(tokens.join(" "))]).then(function (both) {
      /* A rare phrase is a strong hint and goes first; a common one (a word on a dozen pages)
         would only push the pages titled with it down, so then Pagefind's ranking stands. */
      var found = both[0].results.length <= SHOWN / 2 ? both[0].results.slice() : [];
      var lead = found.length;
      var have = {};
      found.forEach(function (r) { have[r.id] = true; });
      both[1].results.forEach(function (r) { if (!have[r.id]) { have[r.id] = true; found.push(r); } });
      if (found.length >= SHOWN || tokens.length < 2) return { results: found, total: found.length, exact: found.length, lead: lead };
      return Promise.all(tokens.map(function (t) { return pf.search(t); })).then(function (each) {
        var seen = {};
        found.forEach(function (r) { seen[r.id] = true; });
        var partial = {};
        each.forEach(function (res) {
          res.results.forEach(function (r) {
            if (seen[r.id]) return;
            var e = partial[r.id] || (partial[r.id] = { r: r, hits: 0, score: 0 });
            e.hits += 1;
            e.score += r.score;
          });
        });
        var rest = Object.keys(partial).map(function (k) { return partial[k]; })
          .filter(function (e) { return e.hits * 2 >= tokens.length; }) /* at least half the pairs */
          .sort(function (x, y) { return y.hits - x.hits || y.score - x.score; })
          .map(function (e) { return e.r; });
        return { results: found.concat(rest), total: found.length + rest.length, exact: found.length, lead: lead };
      });
    });
  }

  /* Words to mark in excerpts: as typed, and their two-character pieces for partial matches. */
  function marks(q) {
    var terms = q.split(/\s+/).filter(Boolean);
    terms.slice().forEach(function (t) {
      var han = t.match(HAN) || [];
      han.forEach(function (run) {
        for (var i = 0; run.length > 2 && i < run.length - 1; i++) terms.push(run.slice(i, i + 2));
      });
    });
    return terms;
  }

  /* The pages for ``normal`` (the query in the site's script): in order, each with its tier,
     and the committee's home page looked up by kind. */
  function lookup(pf, normal, whole) {
    var extra = [homeFor(pf, normal), whole ? rootFor(pf, normal) : Promise.resolve([])];
    return Promise.all([find(pf, normal)].concat(extra)).then(function (all) {
      var tierOf = tiers(all[0].results, [all[0].lead, all[0].exact]);
      return newestAmongEquals(pf, normal, all[0].results, tierOf).then(function (ordered) {
        all[0].results = ordered;
        return { outcome: all[0], extra: all[1].concat(all[2]), tierOf: tierOf, normal: normal };
      });
    });
  }

  function run() {
    var q = input.value.trim();
    var mine = ++seq;
    var outcome = null;
    if (!q) { list.replaceChildren(); meta.textContent = msg("start"); return; }
    meta.textContent = msg("busy");
    var unit = scope();
    var words = "", normal = "";
    var tierOf = {};
    load(unit).then(function (engine) {
      return lookup(engine.pf, normalise(q, engine.variants), !unit).then(function (found) {
        /* Nothing exactly as typed in the whole site: perhaps a character in the other script
           (財務) that only another committee's table maps; those tables are fetched now. */
        if (found.outcome.exact || !engine.everyTable) return found;
        return engine.everyTable().then(function (table) {
          var again = normalise(q, table);
          return again === found.normal ? found : lookup(engine.pf, again, true);
        });
      });
    }).then(function (found) {
      if (mine !== seq) return null;
      outcome = found.outcome;
      tierOf = found.tierOf;
      normal = found.normal;
      words = normal.replace(/\s+/g, "");
      var picked = outcome.results.slice(0, SHOWN);
      found.extra.forEach(function (more) {
        if (!picked.some(function (r) { return r.id === more.id; })) picked.push(more);
      });
      return Promise.all(picked.map(function (r) {
        return r.data().then(function (d) { d.tier = tierOf[r.id] || Infinity; return d; });
      }));
    }).then(function (data) {
      if (data && mine === seq) {
        /* Of the pages shown, a committee's home page when the query is its name comes first,
           then those whose title holds the query: the rule called 财务管理制度 before the list
           of rules that mentions it. */
        var first = function (d) {
          var m = d.meta || {};
          if (m.kind === "首页" && (m.committee || "").replace(/\s+/g, "") === words) return 0;
          return (m.title || "").replace(/\s+/g, "").indexOf(words) >= 0 ? 1 : 2;
        };
        /* The home page looked up by kind and the root's own best page (past the first SHOWN)
           stay only if they are the one asked for, or titled with the query. */
        var lifted = data.slice(SHOWN).filter(function (d) { return first(d) < 2; });
        var day = function (d) { return (d.meta && d.meta.date) || ""; };
        data = newestWithin(data.slice(0, SHOWN), function (d) { return d.tier; }, day,
          function (x, y) { return day(x) < day(y) ? 1 : day(x) > day(y) ? -1 : 0; });
        data = data.concat(lifted).map(function (d, i) { return { d: d, i: i }; })
          .sort(function (x, y) { return first(x.d) - first(y.d) || x.i - y.i; })
          .map(function (e) { return e.d; })
          .slice(0, SHOWN);
        render(data, outcome.total, marks(normal));
        if (data.length && !outcome.exact) meta.textContent = msg("partial");
        /* Nothing, or nothing exact, in this committee: say that the whole site is a tap away. */
        if (unit && (!data.length || !outcome.exact)) meta.textContent += msg("wider");
        box.setAttribute("data-gkl-done", q); /* lets tests and scripts wait for this query's results */
      }
    }).catch(function () {
      if (mine === seq) meta.textContent = msg("offline");
    });
  }

  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 150); });
  input.addEventListener("focus", function () { if (toggle && !toggle.checked) toggle.checked = true; load(scope()); }, { once: false });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var first = list.querySelector("a");
    if (first) location.href = first.href;
  });
  form.addEventListener("reset", function () { setTimeout(run, 0); input.focus(); });
  scopes.forEach(function (r) { r.addEventListener("change", run); });
  if (toggle) {
    toggle.addEventListener("change", function () { if (toggle.checked) input.focus(); });
  }
  /* The header's menu and search buttons are labels. Material's script already opens a focused
     label on Enter; let Space work them too, as it does a button. */
  document.querySelectorAll('.md-header__button[for][role="button"]').forEach(function (label) {
    label.addEventListener("keydown", function (e) {
      if (e.key === " ") {
        e.preventDefault();
        label.click();
      }
    });
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && toggle && toggle.checked) {
      toggle.checked = false;
      input.blur();
      var opener = document.querySelector('.md-header__button[for="__search"]');
      if (opener) opener.focus();
    }
  });
  if (input.value) run();
})();
