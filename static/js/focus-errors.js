/*
 * After a failed submit, move focus to the form's error summary so keyboard and
 * screen-reader users land on the list of what to fix (GOV.UK and Suomi.fi pattern).
 * An external file loaded with `defer`: the CSP allows no inline scripts. Without
 * JavaScript the summary is still announced (role="alert") and sits before the form.
 */
(function () {
  "use strict";
  var summary = document.querySelector("main .error-summary");
  if (!summary) {
    return;
  }
  if (!summary.hasAttribute("tabindex")) {
    summary.setAttribute("tabindex", "-1");
  }
  summary.focus();
  // A form posted to "page#fragment" scrolls to that fragment after this script has run,
  // and Chromium then drops the focus to <body>: take it back once the page has loaded.
  window.addEventListener("load", function () {
    if (document.activeElement === document.body) {
      summary.focus();
    }
  });
})();
