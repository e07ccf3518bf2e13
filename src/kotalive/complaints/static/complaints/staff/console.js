/* TLR console: the live feed (SSE per org channel), the queue map and reply templates.
   Everything here is an enhancement: without JavaScript the pages work by reloading. */
(function () {
  "use strict";

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (_, key) { return values[key] || ""; });
  }

  function liveFeed(panel) {
    var channels = (panel.dataset.channels || "").split(" ").filter(Boolean);
    var kinds = (panel.dataset.kinds || "").split(" ").filter(Boolean);
    var list = panel.querySelector(".live-list");
    var status = panel.querySelector(".live-status");
    var tbody = document.getElementById("queue-rows");
    var seen = {};
    var textsNode = document.getElementById("live-texts");
    var texts = textsNode ? JSON.parse(textsNode.textContent) : {};

    function announce(text, escalated) {
      var item = document.createElement("li");
      item.textContent = new Date().toLocaleTimeString() + " " + text;
      if (escalated) { item.className = "is-escalated"; }
      list.insertBefore(item, list.firstChild);
      while (list.children.length > 50) { list.removeChild(list.lastChild); }
    }

    function refreshRow(ref, kind) {
      var url = panel.dataset.rowUrl.replace("REF", encodeURIComponent(ref));
      // Not the officer's activity: the staff session's idle clock ignores it (backoffice middleware).
      var headers = { "HX-Request": "true", "Kotalive-Background": "1" };
      fetch(url, { credentials: "same-origin", headers: headers })
        .then(function (response) {
          var existing = document.getElementById("row-" + ref);
          if (response.status === 404) { if (existing) { existing.remove(); } return null; }
          return response.ok ? response.text() : null;
        })
        .then(function (html) {
          if (!html || !tbody) { return; }
          var holder = document.createElement("tbody");
          holder.innerHTML = html.trim();
          var row = holder.firstElementChild;
          if (!row) { return; }
          if (kind === "complaint.submitted") { row.classList.add("is-new"); }
          if (kind === "complaint.escalated") { row.classList.add("is-escalated"); }
          var existing = document.getElementById("row-" + ref);
          if (existing) {
            existing.replaceWith(row);
          } else if (tbody.dataset.firstPage) {
            var empty = tbody.querySelector("tr.empty");
            if (empty) { empty.remove(); }
            tbody.insertBefore(row, tbody.firstChild);
          }
        })
        .catch(function () { /* the next event or a reload shows it */ });
    }

    function onEvent(event) {
      var message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      if (seen[message.id]) { return; }  // TLR may hear one event on two channels
      seen[message.id] = true;
      var data = message.data || {};
      if (!data.ref) { return; }
      // Each kind has its own words (views.staff.LIVE_TEXTS); an unknown one is not announced.
      var text = texts[message.kind];
      if (text) { announce(fill(text, { ref: data.ref }), message.kind === "complaint.escalated"); }
      refreshRow(data.ref, message.kind);
    }

    function connect(channel) {
      var source = new EventSource("/events/" + channel);
      kinds.forEach(function (kind) { source.addEventListener(kind, onEvent); });
      source.addEventListener("error", function () {
        if (source.readyState === EventSource.CLOSED) {
          // A non-200 answer (a restart behind the proxy) ends EventSource for good: retry.
          if (status) { status.textContent = panel.dataset.textOffline; }
          setTimeout(function () { connect(channel); }, 5000);
        }
      });
    }

    if (window.EventSource) { channels.forEach(connect); }
  }

  function queueMap() {
    var box = document.getElementById("map");
    var data = document.getElementById("map-points");
    if (!box || !data || !window.L) { return; }
    var points = JSON.parse(data.textContent);
    var map = window.L.map(box);
    var tiles = box.dataset.tiles;
    if (tiles) { window.L.tileLayer(tiles, { maxZoom: 19 }).addTo(map); }
    var bounds = [];
    points.forEach(function (p) {
      // A pointer shortcut only (keyboard: false): close markers overlap, and the table below is
      // the accessible way to every case.
      var marker = window.L.marker([p.lat, p.lon], { title: p.ref + " " + p.state, keyboard: false });
      var link = document.createElement("a");
      link.href = "./" + encodeURIComponent(p.ref) + "/";
      link.textContent = p.ref + " · " + p.state;
      marker.bindPopup(link);
      marker.addTo(map);
      bounds.push([p.lat, p.lon]);
    });
    if (bounds.length) { map.fitBounds(bounds, { maxZoom: 16, padding: [20, 20] }); }
  }

  function replyTemplates() {
    var data = document.getElementById("reply-templates");
    var form = document.querySelector(".reply-form");
    if (!data || !form) { return; }
    var bodies = {};
    JSON.parse(data.textContent).forEach(function (t) { bodies[String(t.id)] = t.body; });
    var select = form.querySelector("select[name=template]");
    var text = form.querySelector("textarea[name=text]");
    if (!select || !text) { return; }
    select.addEventListener("change", function () {
      if (bodies[select.value] && !text.value.trim()) { text.value = bodies[select.value]; }
    });
  }

  function caseMap() {
    var box = document.getElementById("case-map");
    if (!box || !window.L) { return; }
    var point = [parseFloat(box.dataset.lat), parseFloat(box.dataset.lon)];
    var map = window.L.map(box).setView(point, 17);
    if (box.dataset.tiles) {
      window.L.tileLayer(box.dataset.tiles, { maxZoom: 19, attribution: box.dataset.attribution }).addTo(map);
    }
    window.L.marker(point, { title: box.dataset.title, keyboard: false }).addTo(map);
  }

  // The office picker: grouped by kind without JavaScript; with it, a search box above the list
  // hides the offices whose name does not match.
  function officeFilters() {
    document.querySelectorAll("select[data-filter-label]").forEach(function (select) {
      var input = document.createElement("input");
      input.type = "search";
      input.id = select.id + "_find";
      input.className = "office-find";
      input.setAttribute("aria-controls", select.id);
      input.autocomplete = "off";
      var label = document.createElement("label");
      label.htmlFor = input.id;
      label.textContent = select.dataset.filterLabel;
      select.parentNode.insertBefore(label, select);
      select.parentNode.insertBefore(input, select);
      input.addEventListener("input", function () {
        var words = input.value.toLowerCase().trim();
        select.querySelectorAll("optgroup").forEach(function (group) {
          var shown = 0;
          group.querySelectorAll("option").forEach(function (option) {
            var match = !words || option.textContent.toLowerCase().indexOf(words) !== -1;
            option.hidden = !match;
            if (match) { shown += 1; }
          });
          group.hidden = shown === 0;
        });
        var first = select.querySelector("optgroup:not([hidden]) option:not([hidden])");
        var current = select.selectedOptions[0];
        if (words && first && (!current || current.hidden || !current.value)) { first.selected = true; }
      });
    });
  }

  function start() {
    var panel = document.getElementById("live");
    if (panel) { liveFeed(panel); }
    queueMap();
    caseMap();
    officeFilters();
    replyTemplates();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else { start(); }
})();
