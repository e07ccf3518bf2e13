/* The public map of reports: GeoJSON from /laporan/peta.json (with the list's filters) on
   OpenStreetMap tiles. Each pin shows its state by a mark and a colour, as the legend says. The
   list under it has the same reports, so the page is complete without it. */
(function () {
  "use strict";
  var el = document.getElementById("public-map");
  if (!el || !window.L || !window.fetch) return;
  var block = el.closest(".map-block") || el;
  block.hidden = false;
  var MARKS = { waiting: "○", in_progress: "◐", done: "●" };
  var map = window.L.map(el).setView([parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)], 12);
  window.L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution }).addTo(map);
  fetch(el.dataset.geojson, { credentials: "same-origin" })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (data) {
      if (!data) return;
      window.L.geoJSON(data, {
        // Markers are a pointer shortcut only (keyboard: false): close markers overlap, and the
        // list on the page is the accessible way to every report.
        pointToLayer: function (feature, latlng) {
          var status = MARKS[feature.properties.status] ? feature.properties.status : "waiting";
          var icon = window.L.divIcon({
            className: "pin pin-" + status,
            html: MARKS[status],
            iconSize: [26, 26],
            iconAnchor: [13, 13],
            popupAnchor: [0, -12]
          });
          return window.L.marker(latlng, { keyboard: false, icon: icon });
        },
        onEachFeature: function (feature, layer) {
          var p = feature.properties;
          var box = document.createElement("div");
          var link = document.createElement("a");
          link.href = p.url;
          link.textContent = p.ref + " · " + p.category;
          box.appendChild(link);
          box.appendChild(document.createElement("br"));
          box.appendChild(document.createTextNode(p.status_label));
          layer.bindPopup(box);
        }
      }).addTo(map);
    })
    .catch(function () {});
})();
