// Charts of the leaders' dashboard (Chart.js); every chart has its table on the page.
document.addEventListener("DOMContentLoaded", function () {
  if (typeof Chart === "undefined") return;
  var data = JSON.parse(document.getElementById("dashboard-charts").textContent);
  var labels = JSON.parse(document.getElementById("dashboard-labels").textContent);
  var blue = "#206bc4", grey = "#adb5bd";
  Chart.defaults.animation = false;
  data.groups.forEach(function (g) {
    var el = document.getElementById(g.id);
    if (!el) return;
    new Chart(el, {
      type: "bar",
      data: {
        labels: g.labels,
        datasets: [
          { label: labels.current, data: g.current, backgroundColor: blue },
          { label: labels.previous, data: g.previous, backgroundColor: grey },
        ],
      },
      options: { indexAxis: "y", plugins: { legend: { position: "bottom" } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
  });
  if (data.tasks) {
    var colors = ["#2fb344", "#f59f00", "#4299e1", "#d63939"];
    new Chart(document.getElementById("chart-tasks-units"), {
      type: "bar",
      data: {
        labels: data.tasks.labels,
        datasets: data.tasks.series.map(function (s, i) {
          return { label: labels.series[i], data: s, backgroundColor: colors[i] };
        }),
      },
      options: { plugins: { legend: { position: "bottom" } }, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
    });
  }
  if (data.ranking) {
    new Chart(document.getElementById("chart-unit-ranking"), {
      type: "bar",
      data: { labels: data.ranking.labels, datasets: [{ label: labels.rate, data: data.ranking.rates, backgroundColor: blue }] },
      options: { indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: { min: 0, max: 100 } } },
    });
  }
});
