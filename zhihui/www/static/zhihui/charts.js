/* Charts without inline script (the Content-Security-Policy forbids it).
 *
 * A page includes ECharts and this file, and marks each chart:
 *   <div class="chart" data-chart="my-options"></div>
 *   {{ options|json_script:"my-options" }}
 * where `options` is an ECharts option object built in the view (Python). Charts resize
 * with the window, so they stay readable on a phone.
 */
(function () {
  "use strict";
  function draw() {
    if (typeof echarts === "undefined") { return; }
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.dataset.chartDrawn) { return; }
      var source = document.getElementById(el.dataset.chart);
      if (!source) { return; }
      var chart = echarts.init(el, null, { renderer: "svg" });
      chart.setOption(JSON.parse(source.textContent));
      el.dataset.chartDrawn = "1";
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);
})();
