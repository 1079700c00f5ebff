/* District comparison: one bar chart per metric from the JSON the page embeds. The table above
   is complete without it; the charts appear only when ECharts (static/vendor/echarts) loaded. */
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("district-charts");
    if (!source || !window.echarts) { return; }
    JSON.parse(source.textContent).forEach(function (chart) {
      var figure = document.querySelector('[data-chart="' + chart.key + '"]');
      if (!figure) { return; }
      figure.hidden = false;
      var canvas = figure.querySelector(".chart-canvas");
      canvas.style.height = Math.max(160, 40 + 22 * chart.schools.length) + "px"; /* CSSOM: CSP-safe */
      window.echarts.init(canvas).setOption({
        tooltip: { trigger: "axis" },
        grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: "value", name: chart.unit },
        yAxis: { type: "category", data: chart.schools, inverse: true },
        series: [{ type: "bar", data: chart.values }]
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
