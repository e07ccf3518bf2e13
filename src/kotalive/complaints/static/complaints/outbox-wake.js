/* On every page, tiny: when LAKSA drafts wait on this phone (outbox.js leaves a mark), load the
   outbox so that they are sent, whatever page is open, and what happened is said here. */
(function () {
  "use strict";
  var status = document.getElementById("outbox-status");
  if (!status || !status.dataset.outbox) return;
  var src = status.dataset.outbox;
  function wake() {
    var waiting = false;
    try { waiting = !!window.localStorage.getItem("laksa-outbox"); } catch (e) { return; }
    if (!waiting || window.laksaOutbox || document.querySelector("script[src='" + src + "']")) return;
    /* The outbox is built on the shared store: both, in this order (async false keeps it). */
    [window.kotaliveStore ? "" : status.dataset.store, src].forEach(function (url) {
      if (!url) return;
      var script = document.createElement("script");
      script.src = url;
      script.async = false;
      document.head.appendChild(script);
    });
  }
  /* Signing out or deleting the account (forms marked data-forget-drafts) leaves the phone to
     someone else: the drafts waiting on it go, never to be sent under the next person's account. */
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-forget-drafts")) return;
    try { window.localStorage.removeItem("laksa-outbox"); } catch (e) { /* nothing kept */ }
    if (window.indexedDB) {
      window.indexedDB.deleteDatabase("laksa-outbox");
      /* And the application answers kept offline (kotalive/outbox-store.js, applications/offline.js). */
      window.indexedDB.deleteDatabase("kotalive-applications");
    }
  }, true);
  window.addEventListener("online", wake);
  if (navigator.serviceWorker) navigator.serviceWorker.addEventListener("message", wake);
  wake();
})();
