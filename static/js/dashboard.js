// Draws the dashboard's charts from the figures the page already shows (json_script), with the
// vendored ECharts and its built-in Chinese locale. A bar opens the list behind it. Tooltips are
// drawn on the canvas (richText): HTML tooltips would need inline styles, which the CSP refuses.
document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("dashboard-data");
  if (!source || typeof echarts === "undefined") return;
  const data = JSON.parse(source.textContent);
  const locale = document.documentElement.lang.startsWith("zh") ? "ZH" : "EN";
  const charts = [];
  const draw = (el, option) => {
    const chart = echarts.init(el, null, { locale, renderer: "canvas" });
    chart.setOption(option);
    charts.push(chart);
    return chart;
  };
  const tooltip = { trigger: "axis", renderMode: "richText" };
  const grid = { left: 40, right: 12, top: 16, bottom: 28, containLabel: true };
  document.querySelectorAll("[data-chart=trend]").forEach((el) => {
    const trend = data.trends[el.dataset.key];
    if (!trend) return;
    draw(el, {
      tooltip, grid,
      xAxis: { type: "category", data: trend.months.map((m) => m.slice(2)) },
      yAxis: { type: "value", name: trend.unit },
      series: [{ type: "line", data: trend.values, connectNulls: false, smooth: false }],
    });
  });
  document.querySelectorAll("[data-chart=bar]").forEach((el) => {
    const bars = data.bars[el.dataset.key];
    if (!bars) return;
    const chart = draw(el, {
      tooltip, grid,
      xAxis: { type: "category", data: bars.labels, axisLabel: { interval: 0, rotate: bars.labels.length > 4 ? 30 : 0 } },
      yAxis: { type: "value" },
      series: [{ type: "bar", data: bars.values, cursor: "pointer" }],
    });
    chart.on("click", (event) => {
      const link = bars.links[event.dataIndex];
      if (link) window.location.href = link;
    });
  });
  window.addEventListener("resize", () => charts.forEach((chart) => chart.resize()));
});
