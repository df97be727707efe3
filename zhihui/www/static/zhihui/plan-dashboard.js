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
      xAxis: {type: "value", max: 120, axisLabel: {formatter: "{value}%"}},
      yAxis: {type: "category", data: c.codes, inverse: true, axisLabel: {interval: 0}},
      series: [
        {name: L.done, type: "bar", data: c.completion.map((v, i) => ({value: v, itemStyle: {color: colours[c.lights[i]]}}))},
        {name: L.expected, type: "scatter", symbol: "rect", symbolSize: [3, 14], itemStyle: {color: "#c00"}, data: c.expected},
      ],
    });
    window.planCharts[key] = chart;
  }
  const el = document.getElementById("chart-trend");
  const picked = Object.entries(trends).filter(([code, t]) => t.values.some(v => v !== null)).slice(0, 6);
  const trend = echarts.init(el, null, {renderer: "svg"});
  const years = picked.length ? picked[0][1].years : [];
  trend.setOption({
    animation: false, tooltip: {trigger: "axis"}, legend: {type: "scroll"},
    xAxis: {type: "category", data: years}, yAxis: {type: "value", scale: true},
    series: picked.map(([code, t]) => ({name: code + " " + t.name, type: "line", data: t.values.map(v => v === null ? null : Number(v))})),
  });
  window.planCharts.trend = trend;
  window.addEventListener("beforeprint", () => Object.values(window.planCharts).forEach(c => c.resize()));
  window.addEventListener("resize", () => Object.values(window.planCharts).forEach(c => c.resize()));
});
