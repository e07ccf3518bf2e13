/* What a page keeps on the phone until it can be sent: a small IndexedDB store, shared by the
   pages that work offline. It holds the plumbing LAKSA's outbox (complaints/outbox.js) is built
   on: entries in IndexedDB, a fresh Idempotency-Key for each new content, the CSRF token of now,
   and the opaque marker of the signed-in account (base.html's #outbox-status data-author) that an
   entry keeps, so that it is sent and shown only under the account that wrote it. */
(function (scope) {
  "use strict";

  function store(name, table) {
    function open() {
      return new Promise(function (resolve, reject) {
        var req = scope.indexedDB.open(name, 1);
        req.onupgradeneeded = function () { req.result.createObjectStore(table, { keyPath: "key" }); };
        req.onsuccess = function () { resolve(req.result); };
        req.onerror = function () { reject(req.error); };
      });
    }
    function run(mode, work) {
      return open().then(function (db) {
        return new Promise(function (resolve, reject) {
          var tx = db.transaction(table, mode);
          var result = work(tx.objectStore(table));
          tx.oncomplete = function () { db.close(); resolve(result && result.result); };
          tx.onerror = function () { db.close(); reject(tx.error); };
        });
      });
    }
    return {
      all: function () { return run("readonly", function (s) { return s.getAll(); }).then(function (r) { return r || []; }); },
      get: function (key) { return run("readonly", function (s) { return s.get(key); }); },
      put: function (entry) { return run("readwrite", function (s) { return s.put(entry); }); },
      remove: function (key) { return run("readwrite", function (s) { return s.delete(key); }); },
      forget: function () {
        return new Promise(function (resolve) {
          var req = scope.indexedDB.deleteDatabase(name);
          req.onsuccess = req.onerror = req.onblocked = function () { resolve(); };
        });
      }
    };
  }

  function newKey(prefix) {
    if (scope.crypto && scope.crypto.randomUUID) return prefix + scope.crypto.randomUUID();
    return prefix + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2);
  }

  /* The signed-in account's marker on this page ("" for nobody). */
  function author() {
    var status = scope.document && scope.document.getElementById("outbox-status");
    return status ? status.dataset.author || "" : "";
  }

  /* Written under another account than the one signed in on this page. */
  function foreign(entry) {
    return !!entry.author && entry.author !== author();
  }

  /* The CSRF token of now (signing in again renews it), else `fallback`. */
  function csrf(fallback) {
    var found = /(?:^|;\s*)csrftoken=([^;]+)/.exec(scope.document.cookie);
    return found ? decodeURIComponent(found[1]) : fallback || "";
  }

  /* Signing out leaves the phone to someone else: what the pages keep on it for that account goes
     (LAKSA's outbox forgets its own drafts: complaints/outbox.js). */
  var KEPT = ["kotalive-applications"];
  function forgetAll() {
    return Promise.all(KEPT.map(function (name) { return store(name, "").forget(); }));
  }

  scope.kotaliveStore = { store: store, newKey: newKey, author: author, foreign: foreign, csrf: csrf, forgetAll: forgetAll };
})(self);
