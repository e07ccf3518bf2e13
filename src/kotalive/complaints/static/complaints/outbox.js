/* LAKSA outbox: reports written offline wait in IndexedDB and are sent when the connection is
   back, to POST /api/v1/complaints/ with their own Idempotency-Key, so a report sent twice (a
   retry after a lost answer, the page and the service worker at once) still makes one case.
   Runs in the page (report.js, my reports) and in the service worker (Background Sync). */
(function (scope) {
  "use strict";
  var DB = "laksa-outbox";
  var STORE = "drafts";
  var API = "/api/v1/complaints/";
  var SYNC_TAG = "laksa-drafts";
  var sending = false;

  function open() {
    return new Promise(function (resolve, reject) {
      var req = scope.indexedDB.open(DB, 1);
      req.onupgradeneeded = function () { req.result.createObjectStore(STORE, { keyPath: "key" }); };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }

  function run(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { db.close(); resolve(result && result.result); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function newKey() {
    if (scope.crypto && scope.crypto.randomUUID) return "laksa-" + scope.crypto.randomUUID();
    return "laksa-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2);
  }

  /* draft: {fields: {name: string}, photos: [Blob], csrf: string} */
  function save(draft) {
    draft.key = newKey();
    draft.savedAt = new Date().toISOString();
    return run("readwrite", function (store) { return store.put(draft); }).then(function () {
      /* Ask for Background Sync on the side: `ready` never settles where no service worker runs
         (first visit, blocked, unsupported), and the draft is safe in IndexedDB already. */
      if (!(scope.registration && scope.registration.sync) && scope.navigator && scope.navigator.serviceWorker) {
        scope.navigator.serviceWorker.ready.then(function (reg) {
          return reg.sync ? reg.sync.register(SYNC_TAG) : undefined;
        }).catch(function () { return undefined; });
      }
      return draft;
    });
  }

  function all() { return run("readonly", function (store) { return store.getAll(); }); }
  function remove(key) { return run("readwrite", function (store) { return store.delete(key); }); }

  function body(draft) {
    var data = new FormData();
    Object.keys(draft.fields).forEach(function (name) {
      if (draft.fields[name] !== "") data.append(name, draft.fields[name]);
    });
    (draft.photos || []).forEach(function (photo, i) { data.append("photos", photo, photo.name || "photo-" + i + ".jpg"); });
    return data;
  }

  /* Sends every waiting draft; reports each outcome to `notify(kind, detail)`:
     "sent" (the case), "failed" (refused for good, with the reason), "signin" (kept). */
  function flush(notify) {
    notify = notify || function () {};
    if (sending) return Promise.resolve();
    sending = true;
    return all().then(function (drafts) {
      return drafts.reduce(function (chain, draft) {
        return chain.then(function () {
          return scope.fetch(API, {
            method: "POST",
            body: body(draft),
            credentials: "same-origin",
            headers: { "Idempotency-Key": draft.key, "X-CSRFToken": draft.csrf || "", "Accept": "application/json" }
          }).then(function (response) {
            return response.json().catch(function () { return {}; }).then(function (answer) {
              if (response.status === 201) return remove(draft.key).then(function () { notify("sent", answer); });
              if (answer.code === "idempotency_key_reused") return remove(draft.key); /* it arrived before */
              if (response.status === 401 || response.status === 403) { notify("signin", answer); return undefined; }
              if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
                return remove(draft.key).then(function () { notify("failed", answer); });
              }
              return undefined; /* 5xx, 408, 429: keep it for the next try */
            });
          }).catch(function () { return undefined; }); /* still offline: keep it */
        });
      }, Promise.resolve());
    }).catch(function () { return undefined; }).then(function () { sending = false; });
  }

  scope.laksaOutbox = { save: save, flush: flush, all: all, SYNC_TAG: SYNC_TAG };

  /* In a page: try again on every page load that has this script and when the device is back
     online (report.js shows the outcome; elsewhere the report simply appears in my reports). */
  if (scope.document && scope.indexedDB) {
    scope.addEventListener("online", function () { flush(); });
    if (scope.navigator.onLine) flush();
  }
})(self);
