// Draws the charts of the explore pages with d3 from the JSON the server embeds next to
// them. Every mark is a link to the list it counts; the server-rendered table beside each
// chart stays as its text alternative (folded once the picture is drawn). No inline
// styles: colours are SVG attributes and the rest is in site.css, as the CSP requires.
(function () {
  "use strict";

  const KIND_COLOURS = d3.schemeTableau10;

  function svgFor(area, width, height, label) {
    return d3
      .select(area)
      .append("svg")
      .attr("viewBox", `0 0 ${width} ${height}`)
      .attr("width", "100%")
      .attr("role", "group")
      .attr("aria-label", label);
  }

  function linked(selection, label) {
    // an <a> around each mark: reachable with the keyboard, announced by screen readers
    return selection
      .append("a")
      .attr("href", (d) => d.url)
      .attr("aria-label", label)
      .attr("data-count", (d) => d.count);
  }

  function timeline(area, rows) {
    const width = 640;
    const height = 240;
    const margin = { top: 10, right: 10, bottom: 28, left: 34 };
    const years = [...new Set(rows.map((d) => d.year))];
    const kinds = [...new Set(rows.map((d) => d.kind))];
    const colour = d3.scaleOrdinal(kinds, KIND_COLOURS);
    const stacked = [];
    for (const year of years) {
      let base = 0;
      for (const row of rows.filter((d) => d.year === year)) {
        stacked.push({ ...row, y0: base, y1: base + row.count });
        base += row.count;
      }
    }
    const x = d3
      .scaleBand(years, [margin.left, width - margin.right])
      .padding(0.2);
    const y = d3
      .scaleLinear([0, d3.max(stacked, (d) => d.y1)], [height - margin.bottom, margin.top])
      .nice();
    const svg = svgFor(area, width, height, area.getAttribute("aria-label"));
    svg
      .append("g")
      .attr("transform", `translate(0,${height - margin.bottom})`)
      .call(d3.axisBottom(x).tickValues(years.filter((_, i) => i % Math.ceil(years.length / 12) === 0)));
    svg
      .append("g")
      .attr("transform", `translate(${margin.left},0)`)
      .call(d3.axisLeft(y).ticks(Math.min(4, y.domain()[1])).tickFormat(d3.format("d")));
    linked(
      svg.append("g").selectAll("g").data(stacked).join("g"),
      (d) => `${d.year}, ${d.kind}: ${d.count}`,
    )
      .append("rect")
      .attr("class", "bar")
      .attr("x", (d) => x(d.year))
      .attr("width", x.bandwidth())
      .attr("y", (d) => y(d.y1))
      .attr("height", (d) => y(d.y0) - y(d.y1))
      .attr("fill", (d) => colour(d.kind))
      .append("title")
      .text((d) => `${d.year}, ${d.kind}: ${d.count}`);
    const legend = d3.select(area).append("ul").attr("class", "legend");
    const item = legend.selectAll("li").data(kinds).join("li");
    item
      .append("svg")
      .attr("width", 12)
      .attr("height", 12)
      .attr("aria-hidden", "true")
      .append("rect")
      .attr("width", 12)
      .attr("height", 12)
      .attr("fill", (d) => colour(d));
    item.append("span").text((d) => ` ${d}`);
  }

  async function map(area, countries) {
    const world = await fetch(area.dataset.atlas).then((response) => response.json());
    const shapes = topojson.feature(world, world.objects.countries).features;
    const width = 960;
    const height = 470;
    const projection = d3.geoEqualEarth().fitSize([width, height], { type: "Sphere" });
    const path = d3.geoPath(projection);
    const counted = new Map(countries.map((d) => [d.id, d]));
    const most = d3.max(countries, (d) => d.count) || 1;
    // on a log scale from a visible light blue, so that one action still shows
    const colour = (count) => d3.interpolateBlues(0.3 + (0.7 * Math.log(count)) / Math.log(Math.max(2, most)));
    const svg = svgFor(area, width, height, area.getAttribute("aria-label"));
    svg.append("path").attr("class", "sphere").attr("d", path({ type: "Sphere" }));
    svg
      .append("g")
      .selectAll("path")
      .data(shapes.filter((shape) => !counted.has(shape.properties.a3)))
      .join("path")
      .attr("class", "land")
      .attr("d", path);
    const withActions = shapes
      .filter((shape) => counted.has(shape.properties.a3))
      .map((shape) => ({ shape, ...counted.get(shape.properties.a3) }));
    svg
      .append("g")
      .selectAll("a")
      .data(withActions)
      .join("a")
      .attr("href", (d) => d.page)
      .attr("aria-label", (d) => `${d.name}: ${d.count}`)
      .attr("data-count", (d) => d.count)
      .attr("data-country", (d) => d.id)
      .append("path")
      .attr("class", (d) => (d.id === area.dataset.highlight ? "country highlight" : "country"))
      .attr("d", (d) => path(d.shape))
      .attr("fill", (d) => colour(d.count))
      .append("title")
      .text((d) => `${d.name}: ${d.count}`);
    const highlighted = shapes.find((shape) => shape.properties.a3 === area.dataset.highlight);
    if (highlighted && !counted.has(area.dataset.highlight)) {
      svg.append("path").attr("class", "land highlight").attr("d", path(highlighted));
    }
  }

  function sankey(area, pairs) {
    const width = 720;
    const height = Math.max(240, 18 * pairs.length);
    const nodes = new Map();
    for (const pair of pairs) {
      nodes.set(`from:${pair.source}`, { id: `from:${pair.source}`, name: pair.source });
      nodes.set(`to:${pair.target}`, { id: `to:${pair.target}`, name: pair.target });
    }
    const layout = d3
      .sankey()
      .nodeId((d) => d.id)
      .nodeWidth(10)
      .nodePadding(6)
      .extent([
        [130, 5],
        [width - 130, height - 5],
      ]);
    const graph = layout({
      nodes: [...nodes.values()],
      links: pairs.map((d) => ({ source: `from:${d.source}`, target: `to:${d.target}`, value: d.value, url: d.url, count: d.value })),
    });
    const svg = svgFor(area, width, height, area.getAttribute("aria-label"));
    linked(
      svg.append("g").attr("class", "links").selectAll("g").data(graph.links).join("g"),
      (d) => `${d.source.name} → ${d.target.name}: ${d.value}`,
    )
      .append("path")
      .attr("class", "flow")
      .attr("d", d3.sankeyLinkHorizontal())
      .attr("stroke-width", (d) => Math.max(1, d.width))
      .append("title")
      .text((d) => `${d.source.name} → ${d.target.name}: ${d.value}`);
    const node = svg.append("g").selectAll("g").data(graph.nodes).join("g");
    node
      .append("rect")
      .attr("class", "node")
      .attr("x", (d) => d.x0)
      .attr("y", (d) => d.y0)
      .attr("width", (d) => d.x1 - d.x0)
      .attr("height", (d) => Math.max(1, d.y1 - d.y0));
    node
      .append("text")
      .attr("x", (d) => (d.x0 < width / 2 ? d.x0 - 4 : d.x1 + 4))
      .attr("y", (d) => (d.y0 + d.y1) / 2)
      .attr("dy", "0.35em")
      .attr("text-anchor", (d) => (d.x0 < width / 2 ? "end" : "start"))
      .text((d) => d.name);
  }

  const charts = { timeline, map, sankey };

  for (const area of document.querySelectorAll("[data-chart]")) {
    const data = JSON.parse(document.getElementById(area.dataset.source).textContent);
    Promise.resolve()
      .then(() => charts[area.dataset.chart](area, data))
      .then(() => {
        area.dataset.drawn = "true";
        const table = area.parentElement.querySelector("details.chart-table");
        if (table) table.open = false; // the picture is drawn; its table stays one click away
      })
      .catch((error) => {
        area.dataset.drawn = "failed";
        console.error(error);
      });
  }
})();
