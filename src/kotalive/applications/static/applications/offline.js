/* Offline drafts of an application (the page works without this file). Without a connection,
   "Save draft" keeps the typed answers (not the documents) on the phone (kotalive/outbox-store.js),
   under the signed-in account's marker; when the phone is back online (page load, the "online"
   event, a look every few seconds while something waits) they are saved once with
   POST /api/v1/applications/{ref}/answers and their own Idempotency-Key, then removed. Sending
   the application is never done from here: documents go up and the resident sends online.
   Another account's kept answers are neither sent nor shown. */
(function () {
  "use strict";
  var S = window.kotaliveStore;
  var form = document.querySelector("form.app-form");
  var status = document.getElementById("app-offline");
  if (!S || !form || !status || !window.indexedDB || !window.fetch) return;
  var t = status.dataset;
  var box = S.store("kotalive-applications", "answers");
  var sending = null;
  var waiting = false;

  function say(text) {
    status.textContent = text;
    status.hidden = !text;
  }

  /* The typed answers as name/value pairs, documents left out (they go up online). */
  function pairs() {
    var out = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name.indexOf("f.") !== 0 || el.disabled || el.type === "file") return;
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
      out.push([el.name, el.value]);
    });
    return out;
  }

  /* The pairs as the API's answers, as the server reads the form (forms.answers_from_post):
     f.key, f.key.lat/.lng (a location), f.key.N.sub (a row of a group). */
  function answers(list) {
    var result = {};
    function place(target, parts, value) {
      var k = parts[0];
      if (parts.length === 1) { target[k] = value; return; }
      if (parts[1] === "lat" || parts[1] === "lng") {
        if (typeof target[k] !== "object" || target[k] === null) target[k] = { lat: "", lng: "" };
        target[k][parts[1]] = value;
        return;
      }
      if (!/^\d+$/.test(parts[1]) || parts.length < 3) return;
      var rows = Array.isArray(target[k]) ? target[k] : (target[k] = []);
      var i = parseInt(parts[1], 10);
      while (rows.length <= i) rows.push({});
      place(rows[i], parts.slice(2), value);
    }
    list.forEach(function (p) { place(result, p[0].slice(2).split("."), p[1]); });
    return result;
  }

  /* Shows kept answers in the form (this application's, this account's). */
  function fill(list) {
    list.forEach(function (p) {
      var found = form.querySelectorAll("[name='" + p[0].replace(/['\\]/g, "\\$&") + "']");
      Array.prototype.forEach.call(found, function (el) {
        if (el.type === "radio" || el.type === "checkbox") el.checked = el.value === p[1];
        else if (el.type !== "file") el.value = p[1];
      });
    });
    form.dispatchEvent(new Event("change"));
  }

  function keep() {
    var entry = {
      key: form.dataset.ref,
      url: form.dataset.api,
      pairs: pairs(),
      author: S.author(),
      idem: S.newKey("app-"),
      csrf: (form.elements.namedItem("csrfmiddlewaretoken") || {}).value || "",
      savedAt: new Date().toISOString()
    };
    return box.put(entry).then(function () { waiting = true; return entry; });
  }

  /* Removes what was sent or refused, unless a newer save replaced it meanwhile. */
  function drop(entry) {
    return box.get(entry.key).then(function (now) {
      return now && now.idem === entry.idem ? box.remove(entry.key) : undefined;
    });
  }

  /* "sent" (and removed), "kept" (no connection, a server busy or a sign-in needed: kept for the
     next try) or the server's reasons for refusing it (removed: its answers go back to the form). */
  function sendOne(entry) {
    return window.fetch(entry.url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "Idempotency-Key": entry.idem,
        "X-CSRFToken": S.csrf(entry.csrf)
      },
      body: JSON.stringify({ answers: answers(entry.pairs) })
    }).then(function (response) {
      if (response.ok) return drop(entry).then(function () { return "sent"; });
      if (response.status === 401 || response.status === 403) return "signin";
      if (response.status >= 500 || response.status === 408 || response.status === 429) return "kept";
      return response.json().catch(function () { return {}; }).then(function (problem) {
        var why = [problem.detail || problem.title || ""];
        (problem.errors || []).forEach(function (e) { if (e && e.message) why.push(e.message); });
        return drop(entry).then(function () { return { refused: why.join(" ").trim() }; });
      });
    }, function () { return "kept"; });
  }

  /* What happened to this page's kept answers, said on the page. */
  function tell(entry, outcome) {
    if (entry.key !== form.dataset.ref) return;
    if (outcome === "sent") { fill(entry.pairs); say(t.msgSent); }
    else if (outcome === "signin") say(t.msgSignin);
    else if (outcome && outcome.refused !== undefined) {
      /* A fault in an answer, or the application was sent meanwhile: the answers go back in the
         form, to be corrected and saved again. */
      fill(entry.pairs);
      say(t.msgRefused + " " + outcome.refused + " " + t.msgRefusedHint);
    }
  }

  /* Sends this account's kept answers, one after the other, once at a time. */
  function flush() {
    if (sending || !navigator.onLine) return sending;
    sending = box.all().then(function (entries) {
      var own = entries.filter(function (e) { return !S.foreign(e); });
      return own.reduce(function (chain, e) {
        return chain.then(function () { return sendOne(e).then(function (outcome) { tell(e, outcome); }); });
      }, Promise.resolve());
    }).then(function () { return box.all(); }).then(function (left) {
      waiting = left.some(function (e) { return !S.foreign(e); });
    }).catch(function () { return undefined; }).then(function () { sending = null; });
    return sending;
  }

  function chosenFiles() {
    return Array.prototype.some.call(form.querySelectorAll("input[type=file]"), function (el) {
      return el.files && el.files.length > 0;
    });
  }

  /* "Save draft" with JavaScript: kept on the phone first, then saved through the API when
     there is a connection. A save the connection drops under is kept (the same key: one save even
     if it had reached the server); one the server refuses is posted as the form, whose page says
     what to correct. Documents chosen: the form, online, as without JavaScript. */
  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    var action = button && button.name === "action" ? button.value : "";
    var online = navigator.onLine;
    if (action === "save" && !chosenFiles()) {
      event.preventDefault();
      keep().then(function (entry) {
        if (!online) { say(t.msgKept); return undefined; }
        /* The one sender meanwhile: a look every few seconds waits for it. */
        var once = sendOne(entry);
        sending = once.then(function () { sending = null; });
        return once.then(function (outcome) {
          if (outcome === "sent") say(t.msgSaved);
          else if (outcome === "kept") say(t.msgKept);
          else if (outcome === "signin") say(t.msgSignin);
          else form.submit();
        });
      }, function () { if (online) form.submit(); else say(t.msgNotKept); });
    } else if (!online) {
      /* Sending, a document, a row: the server does them, online. */
      event.preventDefault();
      say(t.msgOffline);
    }
  });

  window.addEventListener("online", flush);
  window.setInterval(function () { if (waiting) flush(); }, 5000);

  var hint = document.getElementById("app-offline-hint");
  if (hint) hint.hidden = false;
  box.get(form.dataset.ref).then(function (entry) {
    if (entry && !S.foreign(entry)) {
      waiting = true;
      fill(entry.pairs);
      say(t.msgKept);
    }
    return flush();
  }).catch(function () { return undefined; }).then(function () {
    form.dataset.outbox = "ready"; /* what was kept has been tried once (tests wait for it) */
  });
})();
