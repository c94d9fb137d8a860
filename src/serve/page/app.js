// visidex page: reads its state from the URL, asks the JSON API, draws the
// answer. Report text is data: every node is built with createElement and
// textContent — never innerHTML with anything that came from the server.
"use strict";

(function () {
  const FILTERS = ["city", "theme", "kind", "year", "cites"];
  const VIEWS = ["search", "mentions", "recommendations"];
  const PAGE = 10;
  const TYPE_DELAY = 200; // ms after a keystroke: update the results
  const SETTLE_DELAY = 900; // ms without keystrokes: the query is settled

  const FACET_TITLES = {
    city: "Stad",
    theme: "Thema",
    kind: "Soort",
    year: "Jaar",
    cites: "Noemt stad",
    round: "Ronde",
  };
  const KIND_LABELS = {
    paragraph: "alinea",
    list_item: "opsomming",
    recommendation: "aanbeveling",
    figure: "kerncijfer",
    quote_source: "bron",
    table_row: "tabelrij",
  };
  const MODES = ["lexical", "hybrid"]; // "" (absent): the server's default
  const MATCH_LABELS = {
    exact: "exact",
    stem: "verbuiging",
    compound: "samenstelling",
    fuzzy: "schrijfvariant",
  };

  const $ = (id) => document.getElementById(id);
  const form = $("search-form");
  const input = $("q");
  const viewField = $("view-field");
  const modeBox = $("mode");
  const modeInputs = Array.from(modeBox.querySelectorAll("input[name=mode]"));
  const results = $("results");
  const facetsBox = $("facets");
  const activeBox = $("active-filters");
  const facetsToggle = $("facets-toggle");
  facetsToggle.addEventListener("click", () => {
    const open = facetsBox.classList.toggle("open");
    facetsToggle.setAttribute("aria-expanded", open ? "true" : "false");
  });

  // ---- state <-> URL -------------------------------------------------

  function readState() {
    const params = new URLSearchParams(location.search);
    const view = VIEWS.includes(params.get("view")) ? params.get("view") : "search";
    const mode = MODES.includes(params.get("mode")) ? params.get("mode") : "";
    const state = { view: view, q: params.get("q") || "", mode: mode, filters: {} };
    for (const name of FILTERS.concat(["round"])) {
      state.filters[name] = params.getAll(name).filter((value) => value !== "");
    }
    return state;
  }

  function stateUrl(state) {
    const params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    for (const name of Object.keys(state.filters)) {
      for (const value of state.filters[name]) params.append(name, value);
    }
    if (state.mode) params.set("mode", state.mode);
    if (state.view !== "search") params.set("view", state.view);
    const text = params.toString();
    return text ? "/?" + text : "/";
  }

  let state = readState();
  let settledUrl = location.pathname + location.search;
  let generation = 0; // answers to superseded requests are dropped
  let firstHitMarked = false; // scripts/bench-serve reads this mark

  // Intermediate keystrokes replace the history entry; a settled query
  // puts the last settled URL back and pushes one entry for the new one.
  function commit(push) {
    const url = stateUrl(state);
    if (push) {
      if (url !== settledUrl) {
        history.replaceState(null, "", settledUrl);
        history.pushState(null, "", url);
        settledUrl = url;
      }
    } else {
      history.replaceState(null, "", url);
    }
  }

  // ---- API -------------------------------------------------------------

  function apiUrl(path, params) {
    const query = new URLSearchParams();
    for (const [name, value] of params) {
      if (value !== "" && value !== undefined && value !== null) query.append(name, value);
    }
    return path + "?" + query.toString();
  }

  function filterParams(names) {
    const params = [];
    for (const name of names) {
      for (const value of state.filters[name] || []) params.push([name, value]);
    }
    return params;
  }

  async function api(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    const body = await response.json().catch(() => ({ error: "onleesbaar antwoord van de server" }));
    if (!response.ok) {
      const error = new Error(body.error || "fout " + response.status);
      error.position = body.position;
      throw error;
    }
    return body;
  }

  // ---- small DOM helpers ------------------------------------------------

  function el(tag, attributes, children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "text") node.textContent = value;
      else if (name === "class") node.className = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children || []) {
      if (child === null || child === undefined) continue;
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  // A snippet with «marked» words → text nodes and <mark> elements.
  function marked(snippet) {
    const nodes = [];
    let rest = snippet;
    while (rest.length > 0) {
      const open = rest.indexOf("«");
      if (open < 0) {
        nodes.push(document.createTextNode(rest));
        break;
      }
      if (open > 0) nodes.push(document.createTextNode(rest.slice(0, open)));
      const close = rest.indexOf("»", open + 1);
      const end = close < 0 ? rest.length : close;
      nodes.push(el("mark", { text: rest.slice(open + 1, end) }));
      rest = close < 0 ? "" : rest.slice(close + 1);
    }
    return nodes;
  }

  // A paragraph's text with the occurrences (UTF-8 byte offsets) marked.
  function markedOccurrences(text, occurrences) {
    const bytes = new TextEncoder().encode(text);
    const decoder = new TextDecoder();
    const nodes = [];
    let at = 0;
    const sorted = occurrences.slice().sort((a, b) => a.start - b.start);
    for (const occurrence of sorted) {
      if (occurrence.start < at || occurrence.end > bytes.length) continue;
      if (occurrence.start > at) nodes.push(document.createTextNode(decoder.decode(bytes.slice(at, occurrence.start))));
      nodes.push(el("mark", { text: decoder.decode(bytes.slice(occurrence.start, occurrence.end)), title: MATCH_LABELS[occurrence.match] || occurrence.match }));
      at = occurrence.end;
    }
    if (at < bytes.length) nodes.push(document.createTextNode(decoder.decode(bytes.slice(at))));
    return nodes;
  }

  function themeLabel(slug) {
    if (!slug) return "zonder thema";
    const text = slug.replace(/[-_]/g, " ").replace("/", " › ");
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  function label(facet, value) {
    if (facet === "kind") return KIND_LABELS[value] || value;
    if (facet === "theme") return themeLabel(value);
    return value;
  }

  // The library's citation line (title and chapter in sentence case) when
  // the answer has one; else one made from the fields.
  function citation(hit) {
    if (hit.citation) return hit.citation;
    const place = [hit.chapter].concat(hit.section || []).filter((part) => part && part.trim()).join(" › ");
    const parts = [hit.city + (hit.year ? " " + hit.year : "")];
    if (place) parts.push(place);
    parts.push(hit.page ? "p. " + hit.page : "p. ?");
    return parts.join(" · ");
  }

  function count(number, one, many) {
    return number.toLocaleString("nl-BE") + " " + (number === 1 ? one : many);
  }

  function clear(node) {
    while (node.firstChild) node.firstChild.remove();
  }

  function showError(error) {
    clear(results);
    const where = typeof error.position === "number" ? " (positie " + error.position + ")" : "";
    results.append(el("p", { class: "error", role: "alert", text: error.message + where }));
  }

  function busy(on) {
    results.setAttribute("aria-busy", on ? "true" : "false");
  }

  async function copyText(text, button) {
    let done = false;
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
        done = true;
      }
    } catch (_) {
      done = false;
    }
    if (!done) {
      const area = el("textarea", { class: "visually-hidden", "aria-hidden": "true" });
      area.value = text;
      document.body.append(area);
      area.select();
      try {
        done = document.execCommand("copy");
      } catch (_) {
        done = false;
      }
      area.remove();
    }
    const before = button.textContent;
    button.textContent = done ? "gekopieerd ✓" : "kopiëren lukte niet";
    setTimeout(() => (button.textContent = before), 1500);
  }

  // ---- filters ------------------------------------------------------------

  function toggleFilter(facet, value) {
    const values = state.filters[facet] || [];
    state.filters[facet] = values.includes(value) ? values.filter((v) => v !== value) : values.concat([value]);
    commit(true);
    render();
  }

  function renderActiveFilters() {
    clear(activeBox);
    const chips = [];
    for (const facet of Object.keys(state.filters)) {
      for (const value of state.filters[facet]) {
        chips.push(
          el("button", {
            type: "button",
            class: "chip",
            "aria-label": "Filter " + FACET_TITLES[facet] + ": " + label(facet, value) + " verwijderen",
            onclick: () => toggleFilter(facet, value),
          }, [FACET_TITLES[facet] + ": " + label(facet, value) + " ", el("span", { "aria-hidden": "true", text: "×" })])
        );
      }
    }
    if (chips.length) {
      activeBox.append(el("span", { class: "active-title", text: "Filters:" }), ...chips);
      if (chips.length > 1) {
        activeBox.append(el("button", {
          type: "button",
          class: "chip clear",
          text: "alle filters weg",
          onclick: () => {
            for (const facet of Object.keys(state.filters)) state.filters[facet] = [];
            commit(true);
            render();
          },
        }));
      }
    }
  }

  // One facet group: each value with its count, a toggle button.
  function facetGroup(facet, counts, order) {
    const entries = Object.entries(counts || {}).filter(([, n]) => n > 0);
    const active = state.filters[facet] || [];
    for (const value of active) if (!entries.some(([v]) => v === value)) entries.push([value, 0]);
    if (!entries.length) return null;
    if (order === "count") entries.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], "nl"));
    const list = el("ul", { class: "facet-values" });
    for (const [value, n] of entries) {
      const pressed = active.includes(value);
      list.append(el("li", {}, [
        el("button", {
          type: "button",
          class: "facet-value",
          "aria-pressed": pressed ? "true" : "false",
          "data-facet": facet,
          "data-value": value,
          onclick: () => toggleFilter(facet, value),
        }, [el("span", { class: "facet-label", text: label(facet, value) }), el("span", { class: "facet-count", text: n.toLocaleString("nl-BE") })]),
      ]));
    }
    const id = "facet-" + facet;
    return el("section", { class: "facet", "aria-labelledby": id }, [el("h2", { id: id, text: FACET_TITLES[facet] }), list]);
  }

  function renderFacets(groups) {
    clear(facetsBox);
    const chosen = Object.values(state.filters).reduce((n, values) => n + values.length, 0);
    facetsToggle.textContent = chosen ? "Filters (" + chosen + ")" : "Filters";
    facetsToggle.hidden = groups.every(([, counts]) => !counts || !Object.keys(counts).length);
    for (const [facet, counts, order] of groups) {
      const group = facetGroup(facet, counts, order);
      if (group) facetsBox.append(group);
    }
  }

  // ---- search view -----------------------------------------------------------

  function hitItem(hit, rank) {
    const item = el("li", { class: "hit", "data-id": hit.id, "data-city": hit.city });
    const open = el("button", { type: "button", class: "link", "aria-expanded": "false", text: "toon in context" });
    const copy = el("button", { type: "button", class: "link", text: "kopieer citaat" });
    const context = el("div", { class: "context", hidden: true });
    open.addEventListener("click", () => toggleContext(hit, open, context));
    copy.addEventListener("click", () => copyText(citation(hit) + " [" + hit.id + "]", copy));
    item.append(
      el("div", { class: "hit-head" }, [
        el("span", { class: "rank", text: rank + "." }),
        el("span", { class: "cite", text: citation(hit) }),
        el("span", { class: "kind kind-" + hit.kind, text: KIND_LABELS[hit.kind] || hit.kind }),
        hit.match === "semantic" ? el("span", { class: "semantic", title: "Gevonden op betekenis: de paragraaf bevat de zoekwoorden niet; getoond is de zin die het dichtst bij de vraag ligt", text: "op betekenis" }) : null,
      ]),
      el("p", { class: "snippet" }, marked(hit.snippet)),
      el("div", { class: "hit-actions" }, [open, copy, el("span", { class: "id", text: hit.id })]),
      context
    );
    return item;
  }

  async function toggleContext(hit, button, box) {
    if (!box.hidden) {
      box.hidden = true;
      button.setAttribute("aria-expanded", "false");
      button.textContent = "toon in context";
      return;
    }
    button.setAttribute("aria-expanded", "true");
    button.textContent = "verberg context";
    box.hidden = false;
    if (box.dataset.loaded) return;
    box.append(el("p", { class: "muted", text: "laden…" }));
    try {
      const shown = await api("/api/show/" + encodeURIComponent(hit.id) + "?context=2");
      clear(box);
      for (const before of shown.before) box.append(el("p", { class: "neighbour", text: before.text }));
      box.append(el("p", { class: "focus", text: shown.hit.text }));
      for (const after of shown.after) box.append(el("p", { class: "neighbour", text: after.text }));
      box.append(el("p", { class: "citation" }, [el("span", { class: "muted", text: "Citaat: " }), shown.citation]));
      box.dataset.loaded = "1";
    } catch (error) {
      clear(box);
      box.append(el("p", { class: "error", text: error.message }));
    }
  }

  function searchSummary(answer) {
    const box = el("div", { class: "summary" });
    const shown = answer.partial ? answer.all_words + " met alle woorden, aangevuld met paragrafen met enkele woorden" : null;
    const byMeaningOnly = answer.total === 0 && answer.semantic_total > 0;
    box.append(el("p", { class: "total", role: "status" }, byMeaningOnly
      ? ["Geen paragraaf bevat de woorden van ", el("q", { text: answer.query }), "."]
      : [el("strong", { text: (answer.total_is_exact === false ? "minstens " : "") + count(answer.total, "paragraaf", "paragrafen") }), " voor ", el("q", { text: answer.query }), shown ? " (" + shown + ")" : null]));
    const corrected = Object.entries(answer.corrected || {});
    if (corrected.length) {
      const parts = [];
      corrected.forEach(([typed, searched], i) => {
        if (i) parts.push(", ");
        parts.push(el("em", { text: searched }), " voor ", el("del", { text: typed }));
      });
      box.append(el("p", { class: "corrected", role: "status" }, ["Resultaten voor "].concat(parts)));
    }
    if (answer.semantic_total > 0) {
      box.append(el("p", { class: "semantic-total", role: "status" }, [
        el("span", { class: "semantic", text: "op betekenis" }),
        " " + (answer.total === 0 ? "" : "en ") + count(answer.semantic_total, "paragraaf", "paragrafen") + " die hetzelfde lijken te zeggen in andere woorden",
      ]));
    }
    if (answer.note) box.append(el("p", { class: "note", text: answer.note }));
    if (answer.hits.length === 0 && (answer.suggestions || []).length) {
      const parts = ["Bedoelde u "];
      answer.suggestions.slice(0, 5).forEach((word, i) => {
        if (i) parts.push(", ");
        parts.push(el("button", { type: "button", class: "link", text: word, onclick: () => searchFor(word) }));
      });
      parts.push("?");
      box.append(el("p", { class: "corrected" }, parts));
    }
    if (answer.hits.length === 0 && state.mode === "lexical" && !modeBox.classList.contains("off")) {
      box.append(el("p", { class: "note" }, ["Met ", el("button", { type: "button", class: "link", text: "Zoeken op betekenis", onclick: () => setMode("") }), " komen ook paragrafen die hetzelfde in andere woorden zeggen."]));
    }
    return box;
  }

  async function renderSearch(my) {
    if (!state.q.trim()) {
      clear(results);
      clear(facetsBox);
      results.append(el("div", { class: "welcome" }, [
        el("h1", { text: "Zoeken in de visitatierapporten" }),
        el("p", { text: "Typ Nederlandse woorden; de paragrafen die ze bevatten verschijnen terwijl u typt, met stad, hoofdstuk, paragraaf en pagina. Verbuigingen, samenstellingen en accenten tellen mee." }),
      ]));
      const counts = await api(apiUrl("/api/facets", filterParams(FILTERS))).catch(() => null);
      if (my === generation && counts) renderFacets(facetGroups(counts));
      return;
    }
    const params = [["q", state.q]].concat(filterParams(FILTERS));
    const searchParams = params.concat([["mode", state.mode]]);
    const [answer, counts] = await Promise.all([
      api(apiUrl("/api/search", searchParams.concat([["limit", PAGE]]))),
      api(apiUrl("/api/facets", params)).catch(() => null),
    ]);
    if (my !== generation) return;
    showModeAvailability(answer);
    clear(results);
    results.append(searchSummary(answer));
    const list = el("ol", { class: "hits", "aria-label": "Resultaten" });
    answer.hits.forEach((hit, i) => list.append(hitItem(hit, i + 1)));
    results.append(list);
    if (!firstHitMarked && answer.hits.length) {
      firstHitMarked = true;
      requestAnimationFrame(() => performance.mark("visidex:first-hit"));
    }
    addMore(list, answer, searchParams, answer.hits.length);
    if (counts) renderFacets(facetGroups(counts));
  }

  // Without the model the server's default is lexical: say so at the toggle.
  function showModeAvailability(answer) {
    const off = state.mode === "" && answer.mode === "lexical";
    modeInputs[0].disabled = off;
    modeBox.classList.toggle("off", off);
    modeBox.title = off ? "Zoeken op betekenis staat uit: geen taalmodel geïnstalleerd (scripts/fetch-model)" : "";
    if (off) modeInputs[1].checked = true;
  }

  function facetGroups(counts) {
    return [["city", counts.city], ["theme", counts.theme, "count"], ["kind", counts.kind, "count"], ["year", counts.year], ["cites", counts.cites, "count"]];
  }

  function addMore(list, answer, params, shown) {
    if (shown >= answer.total) return;
    const more = el("button", { type: "button", class: "more", text: "meer (" + (answer.total_is_exact === false ? "minstens " : "") + (answer.total - shown).toLocaleString("nl-BE") + " over)" });
    more.addEventListener("click", async () => {
      more.disabled = true;
      try {
        const next = await api(apiUrl("/api/search", params.concat([["limit", PAGE], ["offset", shown]])));
        next.hits.forEach((hit, i) => list.append(hitItem(hit, shown + i + 1)));
        more.remove();
        const first = list.children[shown];
        if (first) first.querySelector("button").focus();
        addMore(list, next, params, shown + next.hits.length);
      } catch (error) {
        more.disabled = false;
        more.textContent = error.message;
      }
    });
    results.append(more);
  }

  // ---- mentions view --------------------------------------------------------------

  const SVG = "http://www.w3.org/2000/svg";

  function svg(tag, attributes, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // A horizontal bar chart of occurrences (and paragraphs) per key.
  function barChart(title, tallies, labelOf) {
    const rows = Object.entries(tallies).sort((a, b) => b[1].occurrences - a[1].occurrences || a[0].localeCompare(b[0], "nl"));
    const figure = el("figure", { class: "chart" });
    const heading = el("figcaption", { text: title });
    figure.append(heading);
    if (!rows.length) {
      figure.append(el("p", { class: "muted", text: "geen vermeldingen" }));
      return figure;
    }
    const max = Math.max(...rows.map(([, tally]) => tally.occurrences));
    const rowHeight = 24;
    const labelWidth = 150;
    const barWidth = 260;
    const width = labelWidth + barWidth + 90;
    const chart = svg("svg", {
      viewBox: "0 0 " + width + " " + rows.length * rowHeight,
      width: "100%",
      role: "img",
      "aria-label": title + ": " + rows.map(([key, tally]) => labelOf(key) + " " + tally.occurrences).join(", "),
      class: "bars",
    });
    chart.append(svg("title", {}, title));
    rows.forEach(([key, tally], i) => {
      const y = i * rowHeight;
      const length = Math.max(2, Math.round((tally.occurrences / max) * barWidth));
      const name = labelOf(key);
      chart.append(svg("text", { x: labelWidth - 8, y: y + 16, "text-anchor": "end", class: "bar-label" }, name.length > 22 ? name.slice(0, 21) + "…" : name));
      const bar = svg("rect", { x: labelWidth, y: y + 4, width: length, height: rowHeight - 8, rx: 3, class: "bar" });
      bar.append(svg("title", {}, name + ": " + tally.occurrences + " vermeldingen in " + tally.paragraphs + " paragrafen"));
      chart.append(bar);
      chart.append(svg("text", { x: labelWidth + length + 6, y: y + 16, class: "bar-value" }, tally.occurrences + " in " + tally.paragraphs + " par."));
    });
    figure.append(chart);
    return figure;
  }

  function talliesToCounts(tallies) {
    const counts = {};
    for (const [key, tally] of Object.entries(tallies)) counts[key] = tally.paragraphs;
    return counts;
  }

  async function renderMentions(my) {
    if (!state.q.trim()) {
      clear(results);
      clear(facetsBox);
      results.append(el("div", { class: "welcome" }, [
        el("h1", { text: "Alle vermeldingen van een begrip" }),
        el("p", { text: "Typ een woord of een \"woordgroep\": u krijgt elke paragraaf die het noemt, in elke vorm (verbuiging, samenstelling, schrijfvariant), met tellingen per stad en thema." }),
      ]));
      return;
    }
    const answer = await api(apiUrl("/api/mentions", [["term", state.q]].concat(filterParams(FILTERS))));
    if (my !== generation) return;
    clear(results);
    results.append(el("p", { class: "total", role: "status" }, [
      el("q", { text: answer.term }), ": ",
      el("strong", { text: count(answer.total, "vermelding", "vermeldingen") }),
      " in " + count(answer.paragraph_count, "paragraaf", "paragrafen") + " van " + count(answer.report_count, "rapport", "rapporten"),
    ]));
    // The CLI's `mentions --csv` for the same request (with a BOM for spreadsheets).
    const csv = el("a", {
      class: "button",
      href: apiUrl("/api/mentions.csv", [["term", state.q]].concat(filterParams(FILTERS), [["bom", "1"]])),
      text: "download als CSV",
    });
    results.append(el("div", { class: "charts" }, [
      barChart("Per stad", answer.by_city, (key) => key),
      barChart("Per thema", answer.by_theme, themeLabel),
    ]), el("p", {}, [csv]));
    const list = el("ol", { class: "mentions", "aria-label": "Vermeldingen" });
    for (const paragraph of answer.paragraphs) {
      const occurrences = el("ul", { class: "occurrences" });
      for (const occurrence of paragraph.occurrences) {
        occurrences.append(el("li", {}, [
          el("span", { class: "surface", text: occurrence.surface }), " · ",
          el("span", { class: "match match-" + occurrence.match, text: MATCH_LABELS[occurrence.match] || occurrence.match }),
          " · regel " + occurrence.line,
        ]));
      }
      list.append(el("li", { class: "hit" }, [
        el("div", { class: "hit-head" }, [el("span", { class: "cite", text: citation(paragraph) }), el("span", { class: "kind", text: KIND_LABELS[paragraph.kind] || paragraph.kind })]),
        el("p", { class: "snippet" }, markedOccurrences(paragraph.text, paragraph.occurrences)),
        occurrences,
      ]));
    }
    results.append(list);
    renderFacets([["city", talliesToCounts(answer.by_city)], ["theme", talliesToCounts(answer.by_theme), "count"]]);
  }

  // ---- recommendations view --------------------------------------------------------

  async function renderRecommendations(my) {
    const params = [["q", state.q]].concat(filterParams(["city", "theme", "year", "round"]));
    const answer = await api(apiUrl("/api/recommendations", params));
    if (my !== generation) return;
    clear(results);
    results.append(el("p", { class: "total", role: "status" }, [el("strong", { text: count(answer.total, "aanbeveling", "aanbevelingen") }), state.q ? " met " : null, state.q ? el("q", { text: state.q }) : null]));
    const byTheme = new Map();
    const counts = { city: {}, theme: {}, year: {}, round: {} };
    for (const recommendation of answer.recommendations) {
      const theme = recommendation.theme || "";
      if (!byTheme.has(theme)) byTheme.set(theme, new Map());
      const byCity = byTheme.get(theme);
      if (!byCity.has(recommendation.city)) byCity.set(recommendation.city, []);
      byCity.get(recommendation.city).push(recommendation);
      counts.city[recommendation.city] = (counts.city[recommendation.city] || 0) + 1;
      counts.theme[theme] = (counts.theme[theme] || 0) + 1;
      if (recommendation.year) counts.year[recommendation.year] = (counts.year[recommendation.year] || 0) + 1;
      if (recommendation.round) counts.round[recommendation.round] = (counts.round[recommendation.round] || 0) + 1;
    }
    for (const [theme, byCity] of byTheme) {
      const section = el("section", { class: "group" }, [el("h2", { text: themeLabel(theme) })]);
      for (const [city, items] of byCity) {
        section.append(el("h3", { text: city }));
        const list = el("ul", { class: "recommendations" });
        for (const item of items) {
          list.append(el("li", {}, [
            el("p", { text: item.text }),
            el("p", { class: "cite" }, [citation(item) + " · ronde " + item.round + " · ", el("span", { class: "id", text: item.id })]),
          ]));
        }
        section.append(list);
      }
      results.append(section);
    }
    renderFacets([["city", counts.city], ["theme", counts.theme, "count"], ["year", counts.year], ["round", counts.round]]);
  }

  // ---- render --------------------------------------------------------------------

  async function render() {
    const my = ++generation;
    if (input.value !== state.q) input.value = state.q;
    viewField.value = state.view;
    for (const radio of modeInputs) radio.checked = radio.value === state.mode || (state.mode === "hybrid" && radio.value === "");
    document.body.dataset.view = state.view;
    input.placeholder = state.view === "mentions" ? "Begrip, bv. kindvriendelijkheid" : state.view === "recommendations" ? "Filter aanbevelingen op woorden (optioneel)" : "Zoek, bv. programmamanagement";
    for (const link of document.querySelectorAll(".views a")) {
      const view = link.dataset.view;
      link.href = stateUrl(Object.assign({}, state, { view: view }));
      if (view === state.view) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
    document.title = (state.q ? state.q + " — " : "") + "visidex";
    renderActiveFilters();
    busy(true);
    try {
      if (state.view === "mentions") await renderMentions(my);
      else if (state.view === "recommendations") await renderRecommendations(my);
      else await renderSearch(my);
    } catch (error) {
      if (my === generation) showError(error);
    } finally {
      if (my === generation) busy(false);
    }
  }

  // ---- events --------------------------------------------------------------------

  let typeTimer = 0;
  let settleTimer = 0;

  input.addEventListener("input", () => {
    // The input's own value is the truth while typing; render() must not overwrite it.
    clearTimeout(typeTimer);
    clearTimeout(settleTimer);
    typeTimer = setTimeout(() => {
      state.q = input.value;
      commit(false);
      render();
    }, TYPE_DELAY);
    settleTimer = setTimeout(() => {
      state.q = input.value;
      commit(true);
    }, SETTLE_DELAY);
  });

  function setMode(mode) {
    state.mode = mode;
    commit(true);
    render();
  }

  function searchFor(words) {
    state.q = words;
    commit(true);
    render();
  }

  for (const radio of modeInputs) {
    radio.addEventListener("change", () => {
      if (radio.checked) setMode(radio.value);
    });
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(typeTimer);
    clearTimeout(settleTimer);
    state.q = input.value;
    commit(true);
    render();
  });

  for (const link of document.querySelectorAll(".views a")) {
    link.addEventListener("click", (event) => {
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      state.view = link.dataset.view;
      if (state.view !== "recommendations") state.filters.round = [];
      commit(true);
      render();
    });
  }

  window.addEventListener("popstate", () => {
    clearTimeout(typeTimer);
    clearTimeout(settleTimer);
    state = readState();
    settledUrl = location.pathname + location.search;
    render();
  });

  document.addEventListener("keydown", (event) => {
    const target = event.target;
    const typing = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || (target && target.isContentEditable);
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      input.focus();
      input.select();
    } else if (event.key === "Escape" && target === input) {
      input.blur();
    }
  });

  render();
})();
