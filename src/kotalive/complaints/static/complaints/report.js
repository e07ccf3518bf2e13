/* The report form, enhanced: category search, one step at a time, a map pin (Leaflet) with GPS,
   "already reported nearby?" as the pin moves, and offline drafts (outbox.js sends them and says
   so; a draft opened from the drafts page comes back here to be edited). Without this
   script the same form works in one go, with kelurahan + address instead of the map. */
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  if (!form) return;
  var status = document.getElementById("offline-queue");
  var ds = form.dataset;

  function say(text, link) {
    if (!status) return;
    status.textContent = text;
    if (link) {
      var a = document.createElement("a");
      a.href = link.url;
      a.textContent = " " + link.text;
      status.appendChild(a);
    }
    status.hidden = false;
  }

  /* 1. Category search */
  var filterBox = form.querySelector(".cat-search");
  var filter = document.getElementById("cat-filter");
  var items = Array.prototype.slice.call(form.querySelectorAll("#cat-list > li"));
  var none = form.querySelector(".no-cat");
  if (filterBox && filter) {
    filterBox.hidden = false;
    filter.addEventListener("input", function () {
      var words = filter.value.toLowerCase().trim().split(/\s+/).filter(Boolean);
      var shown = 0;
      items.forEach(function (li) {
        var text = li.getAttribute("data-search") || "";
        var match = words.every(function (w) { return text.indexOf(w) !== -1; });
        li.hidden = !match;
        if (match) shown += 1;
      });
      if (none) none.hidden = shown > 0;
    });
  }

  /* Steps, revealed one after the other (all shown again when the server found errors). */
  if (!ds.hasErrors) {
    ["step-where", "step-details"].forEach(function (id) {
      var step = document.getElementById(id);
      if (step && !step.querySelector("[aria-invalid=true]")) step.hidden = true;
    });
    form.querySelectorAll("button[data-next]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var step = document.getElementById(button.getAttribute("data-next"));
        if (!step) return;
        step.hidden = false;
        button.hidden = true;
        var legend = step.querySelector("legend");
        if (legend) { legend.tabIndex = -1; legend.focus(); }
      });
    });
  }

  /* 2. Map pin and GPS */
  var latInput = document.getElementById("id_lat");
  var lonInput = document.getElementById("id_lon");
  var mapEl = document.getElementById("report-map");
  var marker = null;
  var map = null;

  function category() {
    var checked = form.querySelector("input[name=category]:checked");
    return checked ? checked.value : "";
  }

  var nearbyTimer = null;
  function nearby() {
    window.clearTimeout(nearbyTimer);
    nearbyTimer = window.setTimeout(function () {
      var box = document.getElementById("nearby");
      if (!box || !latInput.value || !lonInput.value || !navigator.onLine) return;
      var url = ds.nearby + "?" + new URLSearchParams({ lat: latInput.value, lon: lonInput.value, category: category() });
      fetch(url, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (html) { if (html) box.innerHTML = html; }).catch(function () {});
    }, 300);
  }

  function pin(lat, lon, pan) {
    latInput.value = lat.toFixed(6);
    lonInput.value = lon.toFixed(6);
    if (map) {
      if (marker) marker.setLatLng([lat, lon]);
      else marker = window.L.marker([lat, lon], { keyboard: false }).addTo(map);
      if (pan) map.setView([lat, lon], 17);
    }
    nearby();
  }

  if (mapEl && window.L && latInput && lonInput) {
    mapEl.parentNode.hidden = false;
    map = window.L.map(mapEl).setView([parseFloat(mapEl.dataset.lat), parseFloat(mapEl.dataset.lon)], 13);
    window.L.tileLayer(mapEl.dataset.tiles, { maxZoom: 19, attribution: mapEl.dataset.attribution }).addTo(map);
    map.on("click", function (e) { pin(e.latlng.lat, e.latlng.lng, false); });
    if (latInput.value && lonInput.value) pin(parseFloat(latInput.value), parseFloat(lonInput.value), true);
    /* A hidden map has no size: measure again when its step opens. */
    form.addEventListener("click", function () { window.setTimeout(function () { map.invalidateSize(); }, 0); });
  }
  var gps = document.getElementById("use-gps");
  if (gps && navigator.geolocation && latInput) {
    gps.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(
        function (p) { pin(p.coords.latitude, p.coords.longitude, true); },
        function () { say(ds.msgGpsError); },
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
      );
    });
  } else if (gps) {
    gps.hidden = true;
  }
  if (latInput && lonInput) {
    [latInput, lonInput].forEach(function (input) { input.addEventListener("change", nearby); });
  }
  form.addEventListener("change", function (e) { if (e.target.name === "category") nearby(); });
  var check = document.getElementById("check-nearby");
  if (check) check.hidden = true; /* the list follows the pin by itself */

  /* Photos: a phone camera's JPEG (often 12 MP, several MB) is shrunk here to what the city keeps
     (1600 px on the long side), so a slow connection and the offline outbox carry a few hundred KB
     instead. The server checks and re-encodes whatever arrives; what the browser cannot decode,
     or any other type (a PNG may be transparent, HEIC rarely decodes here), goes as it is. */
  var MAX_SIDE = 1600;
  var photoInput = form.querySelector("input[name=photos]");
  var shrinking = Promise.resolve();

  function shrink(file) {
    if (file.type !== "image/jpeg" || !window.createImageBitmap) return Promise.resolve(file);
    return createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bitmap) {
      var scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
      if (scale === 1) { bitmap.close(); return file; }
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      bitmap.close();
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) {
          resolve(blob && blob.size < file.size ? new File([blob], file.name, { type: "image/jpeg" }) : file);
        }, "image/jpeg", 0.85);
      });
    }).catch(function () { return file; });
  }

  if (photoInput && window.DataTransfer) {
    photoInput.addEventListener("change", function () {
      var chosen = Array.prototype.slice.call(photoInput.files || []);
      shrinking = Promise.all(chosen.map(shrink)).then(function (smaller) {
        if (smaller.every(function (file, i) { return file === chosen[i]; })) return;
        var list = new DataTransfer();
        smaller.forEach(function (file) { list.items.add(file); });
        photoInput.files = list.files;
      }).catch(function () { return undefined; });
    });
  }

  /* 3. Sending: online through the page as usual; offline (or when the network fails) into the
     outbox, to be sent by outbox.js when the connection is back. */
  function draft() {
    var fields = {};
    ["category", "description", "lat", "lon", "kelurahan", "address"].forEach(function (name) {
      var value = new FormData(form).get(name);
      fields[name] = typeof value === "string" ? value : "";
    });
    fields.show_name = form.querySelector("[name=show_name]:checked") ? "true" : "false";
    var files = form.querySelector("input[name=photos]");
    return {
      fields: fields,
      photos: files ? Array.prototype.slice.call(files.files || []) : [],
      csrf: (form.querySelector("[name=csrfmiddlewaretoken]") || {}).value || ""
    };
  }

  /* A draft opened from the drafts page (#draft=key) fills the form again, photos too. */
  var editing = "";
  function fill(saved) {
    var f = saved.fields || {};
    var radio = form.querySelector("input[name=category][value='" + (f.category || "").replace(/[^a-z0-9-]/g, "") + "']");
    if (radio) radio.checked = true;
    ["description", "lat", "lon", "kelurahan", "address"].forEach(function (name) {
      var input = form.elements.namedItem(name);
      if (input && "value" in input) input.value = f[name] || "";
    });
    var show = form.querySelector("[name=show_name]");
    if (show) show.checked = f.show_name === "true";
    if (photoInput && window.DataTransfer && (saved.photos || []).length) {
      var list = new DataTransfer();
      saved.photos.forEach(function (photo, i) {
        list.items.add(photo instanceof File ? photo : new File([photo], "photo-" + i + ".jpg", { type: photo.type }));
      });
      photoInput.files = list.files;
    }
    ["step-where", "step-details"].forEach(function (id) { var step = document.getElementById(id); if (step) step.hidden = false; });
    form.querySelectorAll("button[data-next]").forEach(function (button) { button.hidden = true; });
    editing = saved.key;
    say(ds.msgEditing);
  }
  var wanted = /^#draft=(.+)$/.exec(window.location.hash);
  if (wanted && window.laksaOutbox) {
    window.laksaOutbox.get(decodeURIComponent(wanted[1])).then(function (saved) {
      /* Another account's draft is not opened: not to be read, nor sent as this account's. */
      if (saved && saved.state !== "sent" && !window.laksaOutbox.foreign(saved)) fill(saved);
    }).catch(function () { return undefined; });
  }

  function keep() {
    if (!window.laksaOutbox || !window.indexedDB) return false;
    var saving = draft();
    /* Only a report that can be sent is saved: a second tap on an emptied form saves nothing. */
    if (!saving.fields.category || !saving.fields.description.trim()) {
      say(ds.msgIncomplete);
      return true;
    }
    window.laksaOutbox.save(saving, editing).then(function () {
      editing = "";
      form.reset();
      if (photoInput) photoInput.value = "";
      say(ds.msgSaved, { url: ds.drafts, text: ds.msgDrafts });
      if (status) { status.setAttribute("tabindex", "-1"); status.focus(); }
    }).catch(function () { say(ds.msgIncomplete); });
    return true;
  }

  var busy = false;
  form.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    // "Check nearby" and "me too" (a button posting elsewhere) go the plain way.
    if (submitter && (submitter.value === "check" || submitter.hasAttribute("formaction"))) return;
    if (!window.fetch) return;
    event.preventDefault();
    if (busy) return;
    busy = true;
    shrinking.then(function () { /* the photos chosen last, once they are shrunk */
      if (!navigator.onLine && keep()) return undefined;
      var data = new FormData(form);
      data.set("action", "send");
      /* Not form.action: the buttons named "action" shadow it (a RadioNodeList). */
      return fetch(form.getAttribute("action") || window.location.href, { method: "POST", body: data, credentials: "same-origin" })
        .then(function (response) {
          if (response.redirected) {
            /* Sent: the draft it was edited from, if any, is done. */
            var done = editing && window.laksaOutbox ? window.laksaOutbox.remove(editing) : Promise.resolve();
            return done.catch(function () { return undefined; }).then(function () { window.location.assign(response.url); });
          }
          /* Refused (errors on the fields): nothing was stored. Send it the plain way, so the
             browser shows the server's page with each error next to its field. */
          form.submit();
          return undefined;
        })
        .catch(function () { if (!keep()) form.submit(); });
    }).then(function () { busy = false; });
  });

})();
