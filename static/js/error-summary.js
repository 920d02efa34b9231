// Progressive enhancement: move focus to the error summary when a form comes back with errors, so screen
// reader and keyboard users start there (GOV.UK error summary pattern). The page works without it.
(function () {
  "use strict";
  var summary = document.querySelector("[data-focus-on-load]");
  if (summary) {
    summary.focus();
  }
})();
