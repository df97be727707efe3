/* Behaviour every page shares, without inline script or on…= handlers (the
 * Content-Security-Policy allows scripts from this origin's static files only):
 *   <select data-autosubmit>  submits its form when changed (language, year);
 *   <button data-print>       prints the page.
 */
(function () {
  "use strict";
  document.addEventListener("change", function (e) {
    var el = e.target;
    if (el.matches && el.matches("select[data-autosubmit]") && el.form) { el.form.submit(); }
  });
  document.addEventListener("click", function (e) {
    var el = e.target.closest ? e.target.closest("[data-print]") : null;
    if (el) { window.print(); }
  });
})();
