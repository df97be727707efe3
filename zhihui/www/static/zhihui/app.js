/* Behaviour every page shares, without inline script or on…= handlers (the
 * Content-Security-Policy allows scripts from this origin's static files only):
 *   <select data-autosubmit>  submits its form when changed (language, year);
 *   <button data-print>       prints the page;
 *   <button data-menu-toggle> opens and closes the side menu on a phone (CSS hides it there).
 */
(function () {
  "use strict";
  document.addEventListener("change", function (e) {
    var el = e.target;
    if (el.matches && el.matches("select[data-autosubmit]") && el.form) { el.form.submit(); }
  });
  document.addEventListener("click", function (e) {
    var el = e.target.closest ? e.target.closest("[data-print]") : null;
    if (el) { window.print(); return; }
    var t = e.target.closest ? e.target.closest("[data-menu-toggle]") : null;
    if (t) {
      var nav = document.getElementById(t.getAttribute("aria-controls"));
      if (nav) {
        var open = nav.classList.toggle("open");
        t.setAttribute("aria-expanded", open ? "true" : "false");
      }
    }
  });
})();
