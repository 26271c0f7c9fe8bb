/* The dashboard's charts, drawn with Chart.js (served from node_modules, never a CDN). No inline script: each
   canvas names the json_script block that holds its numbers (labels, one dataset per table column, and the URL
   of the list behind each bar), and a click on a bar opens that list, as the table's links do. */
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") { return; }  // the tables below each chart still carry every number

  // The page's own fonts (Chinese labels need them), not Chart.js's Helvetica default.
  window.Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;

  // Bootstrap's palette, in an order where neighbours stay apart for readers of stacked bars; each colour one
  // shade darker where needed so every bar stands 3:1 against the white page (WCAG 2.1 1.4.11).
  var PALETTE = ["#0a58ca", "#ca6510", "#198754", "#6f42c1", "#b02a37", "#13795b", "#997404", "#6c757d"];

  // A horizontal chart's category labels (GB/T 4754 section names run to forty characters) are shortened with an
  // ellipsis to at most 45% of the chart's width: Chart.js would cut them off at the canvas's left edge on a
  // phone. The tooltip and the table below the chart keep the full names.
  var LABEL_SHARE = 0.45;

  function shortened(chart, label) {
    var text = String(label);
    var room = chart.width * LABEL_SHARE;
    var context = chart.ctx;
    context.save();
    context.font = window.Chart.defaults.font.size + "px " + window.Chart.defaults.font.family;
    if (context.measureText(text).width > room) {
      while (text.length > 1 && context.measureText(text + "\u2026").width > room) { text = text.slice(0, -1); }
      text = text.trimEnd() + "\u2026";
    }
    context.restore();
    return text;
  }

  function urlAt(datasets, element) {
    var urls = datasets[element.datasetIndex].urls || [];
    return urls[element.index] || "";
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source) { return; }
    var spec = JSON.parse(source.textContent);
    var datasets = spec.datasets.map(function (dataset, index) {
      return {
        label: dataset.label,
        data: dataset.data,
        urls: dataset.urls,
        backgroundColor: PALETTE[index % PALETTE.length],
      };
    });
    var valueAxis = { stacked: spec.stacked, beginAtZero: true, ticks: { precision: 0 } };
    var categoryAxis = { stacked: spec.stacked };
    if (spec.horizontal) {
      categoryAxis.ticks = { callback: function (value) { return shortened(this.chart, this.getLabelForValue(value)); } };
    }
    var chart = new window.Chart(canvas, {
      type: "bar",
      data: { labels: spec.labels, datasets: datasets },
      options: {
        indexAxis: spec.horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "nearest", intersect: true },
        scales: spec.horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
        plugins: { legend: { display: datasets.length > 1, position: "bottom" } },
        onClick: function (event, elements) {
          var url = elements.length ? urlAt(datasets, elements[0]) : "";
          if (url) { window.location.assign(url); }
        },
        onHover: function (event, elements) {
          var linked = elements.length && urlAt(datasets, elements[0]);
          canvas.classList.toggle("dashboard-linked", Boolean(linked));
        },
      },
    });
    canvas.dashboardChart = chart;
  }

  document.querySelectorAll("canvas[data-chart]").forEach(draw);
})();
