// Progressive: after a refused sending, move the focus to the error summary so that a screen
// reader reads it first and a keyboard user follows its links to each field. Without this file
// the summary still comes first on the page and is announced (role=alert).
(function () {
  "use strict";
  var summary = document.getElementById("faults");
  if (summary) {
    summary.focus();
  }
})();
