/* The plan dashboard's charts (templates/plan/dashboard.html): data from json_script blocks
 * plan-charts, plan-trends and plan-labels; a static file, as the Content-Security-Policy
 * allows no inline script. */
"use strict";
document.addEventListener("DOMContentLoaded", function () {

  const charts = JSON.parse(document.getElementById("plan-charts").textContent);
  const trends = JSON.parse(document.getElementById("plan-trends").textContent);
  const L = JSON.parse(document.getElementById("plan-labels").textContent);
  const colours = {green: "#2e9d45", yellow: "#e8b400", red: "#d33", grey: "#aaa"};
  window.planCharts = {};
  for (const [key, c] of Object.entries(charts)) {
    const el = document.getElementById("chart-" + key);
    if (!el) continue;
    el.style.height = Math.max(220, c.codes.length * 22 + 70) + "px";
    const chart = echarts.init(el, null, {renderer: "svg"});
    chart.setOption({
      animation: false,
      tooltip: {trigger: "axis", formatter: (ps) => {
        const i = ps[0].dataIndex;
        return c.codes[i] + " " + c.names[i] + "<br>" + ps.map(p => p.seriesName + ": " + (p.value ?? "—") + "%").join("<br>");
      }},
      legend: {data: [L.done, L.expected]},
      grid: {left: 60, right: 20, top: 30, bottom: 30},
      // completion is never negative (zhihui/plan/progress.py); 0–120 % leaves room for "exceeded"
      xAxis: {type: "value", min: 0, max: (v) => Math.max(120, Math.ceil(v.max / 10) * 10), axisLabel: {formatter: "{value}%"}},
      yAxis: {type: "category", data: c.codes, inverse: true, axisLabel: {interval: 0}},
      series: [
        // each bar in its status colour (the colours of the legend above the charts); the
        // legend's swatch for this series is neutral, as the bars have no single colour
        {name: L.done, type: "bar", itemStyle: {color: "#8c959f"}, data: c.completion.map((v, i) => ({value: v, itemStyle: {color: colours[c.lights[i]]}}))},
        {name: L.expected, type: "scatter", symbol: "rect", symbolSize: [3, 14], itemStyle: {color: "#1f2328"}, data: c.expected},
      ],
    });
    window.planCharts[key] = chart;
  }
  // one chart per unit of measure: % and 万人 never share an axis
  const box = document.getElementById("chart-trends");
  Object.entries(trends).forEach(([unit, t], n) => {
    const el = document.createElement("div");
    el.className = "plan-trend-unit";
    el.id = "chart-trend-" + n;
    box.appendChild(el);
    const chart = echarts.init(el, null, {renderer: "svg"});
    const years = t.series.length ? t.series[0].years : [];
    chart.setOption({
      animation: false, tooltip: {trigger: "axis"}, legend: {type: "scroll"},
      title: {text: t.unit, left: "right", textStyle: {fontSize: 12}},
      xAxis: {type: "category", data: years}, yAxis: {type: "value", scale: true, name: t.unit},
      series: t.series.map((s) => ({name: s.name, type: "line", data: s.values.map(v => v === null ? null : Number(v))})),
    });
    window.planCharts["trend-" + n] = chart;
  });
  window.addEventListener("beforeprint", () => Object.values(window.planCharts).forEach(c => c.resize()));
  window.addEventListener("resize", () => Object.values(window.planCharts).forEach(c => c.resize()));
});
