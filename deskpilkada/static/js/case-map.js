/* The map of cases: Leaflet from node_modules, no tile server (desks may be offline), markers from json_script.
   Popups are built from DOM nodes with textContent: case titles are user text and never become HTML. */
(function () {
  "use strict";

  var COLOURS = { rendah: "#5a6473", sedang: "#c99700", tinggi: "#d9661f", kritis: "#b3261e" };
  var INDONESIA = [[-11, 94], [6, 142]];

  function readJson(id) {
    var element = document.getElementById(id);
    if (!element) {
      return null;
    }
    try {
      return JSON.parse(element.textContent);
    } catch (error) {
      return null;
    }
  }

  function text(tag, value, className) {
    var element = document.createElement(tag);
    element.textContent = value;
    if (className) {
      element.className = className;
    }
    return element;
  }

  function popup(marker, labels) {
    var box = document.createElement("div");
    box.className = "map-popup";
    var link = document.createElement("a");
    // Only the app's own relative case URLs are linked.
    if (typeof marker.url === "string" && marker.url.charAt(0) === "/" && marker.url.charAt(1) !== "/") {
      link.href = marker.url;
    }
    link.textContent = marker.number + " · " + marker.title;
    link.title = labels.open || "";
    box.appendChild(link);
    box.appendChild(text("p", marker.category + " · " + marker.severity_label + " · " + marker.status_label));
    box.appendChild(text("p", marker.region, "muted"));
    if (marker.approximate) {
      box.appendChild(text("p", labels.approximate || "", "muted small"));
    }
    return box;
  }

  function init() {
    var container = document.getElementById("case-map");
    if (!container || typeof window.L === "undefined") {
      return;
    }
    var markers = readJson("case-map-data") || [];
    var labels = readJson("case-map-labels") || {};
    var map = L.map(container, { attributionControl: false, maxBounds: [[-20, 85], [15, 150]] });
    var points = [];
    markers.slice().reverse().forEach(function (item) {  // the newest drawn last, on top
      if (typeof item.lat !== "number" || typeof item.lng !== "number") {
        return;
      }
      var marker = L.circleMarker([item.lat, item.lng], {
        radius: item.approximate ? 8 : 9,
        color: item.approximate ? "#123a6b" : "#ffffff",
        weight: 2,
        dashArray: item.approximate ? "3 3" : null,
        fillColor: COLOURS[item.severity] || "#123a6b",
        fillOpacity: 0.9
      });
      marker.bindPopup(
        function () {
          return popup(item, labels);
        },
        { maxWidth: 260, autoPanPaddingTopLeft: [48, 12], autoPanPaddingBottomRight: [12, 12] }
      );
      marker.addTo(map);
      points.push([item.lat, item.lng]);
    });
    if (points.length) {
      map.fitBounds(points, { padding: [32, 32], maxZoom: 13 });
    } else {
      map.fitBounds(INDONESIA);
    }
    L.control.scale({ imperial: false }).addTo(map);
    container.setAttribute("data-ready", "true");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
