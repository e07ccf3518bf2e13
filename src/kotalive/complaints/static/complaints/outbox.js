/* LAKSA outbox: reports written offline wait in IndexedDB as drafts and are sent when the
   connection is back, to POST /api/v1/complaints/ with their own Idempotency-Key, so a draft sent
   twice (a retry after a lost answer) still makes one case.
   A draft is "waiting", "refused" (the server said why; the resident may edit or discard it),
   "earlier" (its key went before with other content: an earlier version of it was received, this
   one was not; the resident discards it or sends it deliberately as a new report) or "sent" (with
   its case's reference and link, kept to be shown once and listed).
   A draft keeps the opaque marker of the account it was written under (`author`, the pages'
   data-author) and is sent only under that account: the server refuses another account's
   (draft_other_account), and a waiting draft of another account is marked `otherAccount` and
   waits, unsent and its content unshown, until its account signs in again or it is discarded.
   Runs in the service worker (Background Sync, or a page asking) and in pages: where a worker
   controls the page, the worker alone sends, so two senders never race.
   Its IndexedDB store and keys are kotalive/outbox-store.js's, loaded before it. */
(function (scope) {
  "use strict";
  var DB = "laksa-outbox";
  var STORE = "drafts";
  var API = "/api/v1/complaints/";
  var SYNC_TAG = "laksa-drafts";
  var FLAG = "laksa-outbox"; /* localStorage: something waits or is to be announced */
  var KEEP_SENT_MS = 7 * 24 * 3600 * 1000;
  var sending = null;
  var again = false;

  var box = scope.kotaliveStore.store(DB, STORE);

  function newKey() { return scope.kotaliveStore.newKey("laksa-"); }

  function all() {
    return box.all().then(function (drafts) {
      return drafts.sort(function (a, b) { return a.savedAt < b.savedAt ? -1 : 1; });
    });
  }
  var get = box.get;
  var put = box.put;
  var remove = box.remove;

  function isEmpty(draft) {
    var f = draft.fields || {};
    return !f.category && !(f.description || "").trim() && !(draft.photos || []).length;
  }

  /* The signed-in account's marker on this page ("" for nobody); undefined in the worker, which
     learns it from the page that asks for a send. */
  function author() {
    var status = scope.document && scope.document.getElementById("outbox-status");
    return status ? status.dataset.author || "" : undefined;
  }

  /* Written under another account than the one of `current` (default: this page's). A kept copy
     of a page may carry an older marker, so a draft the server or a fresh page found to be
     another account's stays so until its own account sends it. */
  function foreign(draft, current) {
    if (current === undefined) current = author();
    if (!draft.author) return false;
    return !!draft.otherAccount || (!!current && draft.author !== current);
  }

  /* draft: {fields: {name: string}, photos: [Blob], csrf: string}; `replaces`: the key of the
     draft it was edited from. An edited draft gets a new key: its content is new. */
  function save(draft, replaces) {
    if (isEmpty(draft)) return Promise.reject(new Error("empty"));
    draft.key = newKey();
    draft.state = "waiting";
    draft.author = author() || draft.author || "";
    draft.otherAccount = false;
    draft.needsSignin = false;
    delete draft.announced;
    draft.savedAt = new Date().toISOString();
    return put(draft).then(function () {
      return replaces ? remove(replaces) : undefined;
    }).then(function () {
      flag(true);
      /* Ask for Background Sync on the side: `ready` never settles where no service worker runs
         (first visit, blocked, unsupported), and the draft is safe in IndexedDB already. */
      if (scope.navigator && scope.navigator.serviceWorker) {
        scope.navigator.serviceWorker.ready.then(function (reg) {
          return reg.sync ? reg.sync.register(SYNC_TAG) : undefined;
        }).catch(function () { return undefined; });
      }
      return draft;
    });
  }

  function body(draft) {
    var data = new FormData();
    Object.keys(draft.fields).forEach(function (name) {
      if (draft.fields[name] !== "") data.append(name, draft.fields[name]);
    });
    (draft.photos || []).forEach(function (photo, i) { data.append("photos", photo, photo.name || "photo-" + i + ".jpg"); });
    if (draft.author) data.append("author", draft.author);
    return data;
  }

  function problem(answer) {
    var text = answer.detail || answer.title || "";
    (answer.errors || []).forEach(function (e) { if (e && e.message && text.indexOf(e.message) === -1) text += " " + e.message; });
    return text.trim();
  }

  /* The CSRF token of now (signing in again renews it), else the one of the page it was written on. */
  function csrf(draft) {
    if (scope.document) {
      var found = /(?:^|;\s*)csrftoken=([^;]+)/.exec(scope.document.cookie);
      return Promise.resolve(found ? decodeURIComponent(found[1]) : draft.csrf || "");
    }
    if (!scope.cookieStore) return Promise.resolve(draft.csrf || "");
    return scope.cookieStore.get("csrftoken").then(function (cookie) {
      return cookie ? cookie.value : draft.csrf || "";
    }).catch(function () { return draft.csrf || ""; });
  }

  function sendOne(draft) {
    return csrf(draft).then(function (token) {
      return scope.fetch(API, {
        method: "POST",
        body: body(draft),
        credentials: "same-origin",
        headers: { "Idempotency-Key": draft.key, "X-CSRFToken": token, "Accept": "application/json" }
      });
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (answer) {
        var status = response.status;
        if (answer.code === "idempotency_key_reused") {
          /* The key went before with other content (the draft changed after a send whose answer
             was lost): an earlier version was received, not this one. Not "sent": the resident
             finds the earlier one in their reports and discards this or sends it as new. */
          draft.state = "earlier";
          draft.announced = false;
          return put(draft);
        }
        if (answer.code === "draft_other_account") return markOther(draft);
        if (status === 201) {
          /* Sent: keep what links to the case. */
          draft.state = "sent";
          draft.ref = answer.ref || "";
          draft.url = answer.url || "";
          draft.photos = [];
          draft.sentAt = new Date().toISOString();
          draft.announced = false;
          return put(draft);
        }
        if (status === 401 || status === 403) {
          /* Kept: sent on a page load after signing in again. */
          if (!draft.needsSignin) { draft.needsSignin = true; draft.announced = false; return put(draft); }
          return undefined;
        }
        if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
          draft.state = "refused";
          draft.detail = problem(answer);
          draft.announced = false;
          return put(draft);
        }
        return undefined; /* 5xx, 408, 429: keep it for the next try */
      });
    }).catch(function () { return undefined; }); /* still offline: keep it */
  }

  function markOther(draft) {
    if (draft.otherAccount) return undefined;
    draft.otherAccount = true;
    draft.needsSignin = false;
    draft.announced = false;
    return put(draft);
  }

  /* One waiting draft, as the account of `current` (a marker, "" for nobody signed in, undefined
     when unknown: Background Sync with no page) may: another account's is not sent at all. */
  function sendAs(draft, current) {
    if (draft.author && current && draft.author !== current) return markOther(draft);
    if (draft.otherAccount) {
      if (!draft.author || draft.author !== current) return undefined; /* waits for its account */
      draft.otherAccount = false; /* its account is back */
      return put(draft).then(function () { return sendOne(draft); });
    }
    return sendOne(draft);
  }

  /* Sends every waiting draft, one after the other; a call while sending runs once more after. */
  var nextAuthor;
  function flush(current) {
    if (sending) {
      /* A page's word on who is signed in is not lost to a Background Sync asking meanwhile. */
      if (current !== undefined || !again) nextAuthor = current;
      again = true;
      return sending;
    }
    sending = all().then(function (drafts) {
      var now = Date.now();
      return drafts.reduce(function (chain, draft) {
        return chain.then(function () {
          if (draft.state === "sent" && draft.announced && now - Date.parse(draft.sentAt) > KEEP_SENT_MS) return remove(draft.key);
          return draft.state === "waiting" ? sendAs(draft, current) : undefined;
        });
      }, Promise.resolve());
    }).catch(function () { return undefined; }).then(function () {
      sending = null;
      if (again) { var next = nextAuthor; again = false; nextAuthor = undefined; return flush(next); }
      return undefined;
    });
    return sending;
  }

  function flag(on) {
    try {
      if (on) scope.localStorage.setItem(FLAG, "1");
      else scope.localStorage.removeItem(FLAG);
    } catch (e) { /* no localStorage (worker, private mode) */ }
  }

  /* Signing out leaves the phone to someone else: drafts would be sent under their account. */
  function forget() {
    flag(false);
    return box.forget();
  }

  /* "Send as a new report", deliberately: the same content under a new key. */
  function sendAsNew(key) {
    return get(key).then(function (draft) {
      if (!draft || draft.state === "sent" || foreign(draft)) return undefined;
      return save(draft, key);
    });
  }

  scope.laksaOutbox = { forget: forget, save: save, flush: flush, all: all, get: get, remove: remove, put: put, isEmpty: isEmpty, foreign: foreign, sendAsNew: sendAsNew, SYNC_TAG: SYNC_TAG };

  /* ---- In the service worker: send on Background Sync or when a page asks; tell the pages. */
  if (!scope.document) {
    var tellPages = function () {
      return scope.clients.matchAll({ includeUncontrolled: true }).then(function (pages) {
        pages.forEach(function (client) { client.postMessage({ laksa: "outbox" }); });
      });
    };
    scope.addEventListener("sync", function (event) {
      if (event.tag === SYNC_TAG) event.waitUntil(flush().then(tellPages));
    });
    scope.addEventListener("message", function (event) {
      /* The page says which account is signed in (its marker): the only one drafts go under. */
      if (event.data && event.data.laksa === "flush") event.waitUntil(flush(event.data.author).then(tellPages));
    });
    return;
  }

  /* ---- In a page: ask for a send on load and when the device is back online, then say what
     happened to each draft, once, in the status line (#offline-queue on the report form, else
     the one under the header), with a link to the case or to the drafts. */
  if (!scope.indexedDB) return;
  var doc = scope.document;
  var worker = scope.navigator.serviceWorker;

  function line() {
    return doc.getElementById("offline-queue") || doc.getElementById("outbox-status");
  }

  function link(parent, url, text) {
    var a = doc.createElement("a");
    a.href = url;
    a.textContent = text;
    parent.appendChild(a);
  }

  function announce() {
    var status = line();
    var texts = (doc.getElementById("outbox-status") || {}).dataset || {};
    return all().then(function (drafts) {
      var news = drafts.filter(function (d) { return d.announced === false; });
      /* Another account's report that went: said to that account (its reports), not to this one. */
      var told = news.filter(function (d) { return d.state !== "sent" || !foreign(d); });
      if (status && told.length) {
        status.textContent = "";
        told.forEach(function (d) {
          var p = doc.createElement("span");
          p.className = "outbox-news";
          if (d.state === "sent") {
            p.textContent = (texts.msgSent || "") + " ";
            if (d.url) link(p, d.url, d.ref || d.url);
          } else if (foreign(d)) {
            p.textContent = (texts.msgOther || "") + " ";
            link(p, texts.drafts || "/lapor/draf/", texts.msgOpen || "");
          } else if (d.state === "refused") {
            p.textContent = (texts.msgRefused || "") + " " + (d.detail || "") + " ";
            link(p, texts.drafts || "/lapor/draf/", texts.msgOpen || "");
          } else if (d.state === "earlier") {
            p.textContent = (texts.msgEarlier || "") + " ";
            link(p, texts.mine || "/lapor/saya/", texts.msgMine || "");
            p.appendChild(doc.createTextNode(" · "));
            link(p, texts.drafts || "/lapor/draf/", texts.msgOpen || "");
          } else if (d.needsSignin) {
            p.textContent = (texts.msgSignin || "") + " ";
          }
          status.appendChild(p);
          status.appendChild(doc.createTextNode(" "));
        });
        status.hidden = false;
      }
      var shown = status ? news : [];
      return Promise.all(shown.map(function (d) { d.announced = true; return put(d); })).then(function () {
        flag(drafts.some(function (d) { return d.state === "waiting" || (d.announced === false && shown.indexOf(d) === -1); }));
        retry = drafts.some(function (d) { return d.state === "waiting" && !d.needsSignin && !foreign(d); });
        doc.dispatchEvent(new CustomEvent("laksa-outbox"));
        return drafts;
      });
    }).catch(function () { return []; });
  }

  function kick() {
    if (!scope.navigator.onLine) return;
    if (worker && worker.controller) worker.controller.postMessage({ laksa: "flush", author: author() });
    else flush(author()).then(announce);
  }

  if (worker) {
    worker.addEventListener("message", function (event) {
      if (event.data && event.data.laksa === "outbox") announce();
    });
  }
  scope.addEventListener("online", kick);
  /* Phones do not always fire "online" (a weak signal comes and goes): while drafts wait (and
     not for a new sign-in), look again every few seconds. */
  var retry = false;
  scope.setInterval(function () { if (retry) kick(); }, 5000);
  scope.laksaOutbox.announce = announce;
  scope.laksaOutbox.kick = kick;
  announce().then(kick);
})(self);
