// Budget execution (finance:budget_execution): one stacked bar per budget line (spent, committed,
// available), drawn like the dashboard's charts with the vendored ECharts from the page's own
// figures (json_script). A click opens the line. Tooltips on the canvas (the CSP refuses inline styles).
document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("budget-data");
  const names = document.getElementById("budget-labels");
  if (!source || !names || typeof echarts === "undefined") return;
  const data = JSON.parse(source.textContent);
  const labels = JSON.parse(names.textContent);
  const locale = document.documentElement.lang.startsWith("zh") ? "ZH" : "EN";
  const charts = [];
  document.querySelectorAll("[data-chart=budget-line]").forEach((el) => {
    const line = data[el.dataset.key];
    if (!line) return;
    const chart = echarts.init(el, null, { locale, renderer: "canvas" });
    const bar = (name, value, color) => ({
      name, type: "bar", stack: "line", data: [value], itemStyle: { color }, cursor: "pointer",
    });
    chart.setOption({
      tooltip: { trigger: "item", renderMode: "richText" },
      legend: { bottom: 0 },
      grid: { left: 8, right: 16, top: 8, bottom: 36, containLabel: true },
      xAxis: { type: "value" },
      yAxis: { type: "category", data: [""] },
      series: [
        bar(labels.spent, line.spent, "#2f6fb0"),
        bar(labels.committed, line.committed, "#f0ad4e"),
        bar(labels.available, Math.max(line.available, 0), "#9bbb59"),
      ],
    });
    chart.on("click", () => { window.location.href = line.link; });
    charts.push(chart);
  });
  window.addEventListener("resize", () => charts.forEach((chart) => chart.resize()));
});
