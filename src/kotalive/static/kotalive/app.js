/* KotaLive progressive enhancement. Every page works without it; with it:
   - the service worker is registered (offline page, cached shell);
   - a banner says when the connection drops;
   - a form cannot be sent twice by a second tap on a slow network. */
(function () {
  "use strict";

  if ("serviceWorker" in navigator) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {
        /* No worker (private mode, old browser): the site still works online. */
      });
    });
  }

  var banner = document.getElementById("offline-banner");
  function showConnection() {
    if (banner) banner.hidden = navigator.onLine;
  }
  window.addEventListener("online", showConnection);
  window.addEventListener("offline", showConnection);
  showConnection();

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || event.defaultPrevented) return;
    if (form.dataset.sending) {
      event.preventDefault();
      return;
    }
    form.dataset.sending = "1";
    var button = event.submitter;
    if (button) button.setAttribute("aria-disabled", "true");
    /* If the page stays (a download, a validation error in the browser), allow another try. */
    window.setTimeout(function () {
      delete form.dataset.sending;
      if (button) button.removeAttribute("aria-disabled");
    }, 8000);
  });

  /* Coming back with the Back button must not leave forms locked. */
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-sending]").forEach(function (form) {
      delete form.dataset.sending;
      form.querySelectorAll("[aria-disabled]").forEach(function (button) {
        button.removeAttribute("aria-disabled");
      });
    });
  });
})();
