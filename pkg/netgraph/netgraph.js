// huntbook netgraph: interaction for <svg class="ng"> relationship graphs.
// Hover or focus a node: it, its linked edges and its neighbours light up and
// a tooltip lists its relationships. Click: select (shift/ctrl-click adds).
// Shift-drag on the background: box select. Wheel after a click, or with
// Ctrl/Alt/Meta: zoom (else the page scrolls). Drag: pan.
// Escape clears the selection; Reset restores the view. Text from the data
// is only ever set with textContent.
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";

  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) {
      if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, attrs[k]);
    }
    if (parent) parent.appendChild(e);
    return e;
  }

  function init(svg) {
    if (svg.getAttribute("data-ng-ready") === "1") return;
    svg.setAttribute("data-ng-ready", "1");
    var view = svg.querySelector(".ng-view");
    if (!view) return;
    var nodes = Array.prototype.slice.call(svg.querySelectorAll(".ng-node"));
    var edges = Array.prototype.slice.call(svg.querySelectorAll(".ng-edge"));
    var vb = svg.viewBox.baseVal;
    var pos = [], names = [], linked = [];
    nodes.forEach(function (n, i) {
      var m = /translate\(([-\d.]+)[ ,]([-\d.]+)\)/.exec(n.getAttribute("transform") || "");
      pos.push(m ? [parseFloat(m[1]), parseFloat(m[2])] : [0, 0]);
      names.push(n.getAttribute("data-name") || "");
      linked.push([]);
      // The script's tooltip replaces the native one.
      var t = n.querySelector("title");
      if (t) { n.setAttribute("aria-label", t.textContent); t.parentNode.removeChild(t); }
    });
    edges.forEach(function (e, j) {
      var s = +e.getAttribute("data-s"), t = +e.getAttribute("data-t");
      if (linked[s]) linked[s].push(j);
      if (t !== s && linked[t]) linked[t].push(j);
      var title = e.querySelector("title");
      if (title) title.parentNode.removeChild(title);
    });
    function ends(e) { return [+e.getAttribute("data-s"), +e.getAttribute("data-t")]; }
    function verbs(e) { return (e.getAttribute("data-rel") || "").split("\n"); }

    // View state: graph point p is drawn at (tx + k·p.x, ty + k·p.y).
    var k = 1, tx = 0, ty = 0;
    function apply() { view.setAttribute("transform", "translate(" + tx + " " + ty + ") scale(" + k + ")"); }
    function svgPoint(evt) {
      var ctm = svg.getScreenCTM();
      if (!ctm) return { x: 0, y: 0 };
      var p = svg.createSVGPoint();
      p.x = evt.clientX; p.y = evt.clientY;
      return p.matrixTransform(ctm.inverse());
    }
    function zoomAt(f, px, py) {
      var nk = Math.min(8, Math.max(0.25, k * f));
      tx = px - (px - tx) * nk / k;
      ty = py - (py - ty) * nk / k;
      k = nk;
      apply();
    }

    // Tooltip, selection box and buttons, drawn above the view.
    var ui = el("g", { "class": "ng-ui" }, svg);
    var box = el("rect", { "class": "ng-box", visibility: "hidden" }, ui);
    var tip = el("g", { "class": "ng-tip", visibility: "hidden", "pointer-events": "none" }, ui);
    var tipBg = el("rect", { rx: 4, ry: 4 }, tip);
    var tipText = el("text", {}, tip);
    function showTip(lines, x, y) {
      while (tipText.firstChild) tipText.removeChild(tipText.firstChild);
      lines.forEach(function (line, i) {
        var span = el("tspan", { x: 8, dy: i === 0 ? 16 : 15 }, tipText);
        if (i === 0) span.setAttribute("class", "ng-tip-head");
        span.textContent = line;
      });
      tip.setAttribute("visibility", "visible");
      var b = tipText.getBBox();
      var w = b.width + 16, h = b.height + 10;
      tipBg.setAttribute("width", w);
      tipBg.setAttribute("height", h);
      var left = x + 14, top = y + 14;
      if (left + w > vb.x + vb.width) left = Math.max(vb.x, x - 14 - w);
      if (top + h > vb.y + vb.height) top = Math.max(vb.y, y - 14 - h);
      tip.setAttribute("transform", "translate(" + left + " " + top + ")");
    }
    function hideTip() { tip.setAttribute("visibility", "hidden"); }
    var max = 14;
    function nodeLines(i) {
      var lines = [names[i]];
      linked[i].forEach(function (j) {
        var e = edges[j], st = ends(e), v = verbs(e).join(", ");
        if (st[0] === i && st[1] === i) lines.push("\u21bb itself: " + v);
        else if (st[0] === i) lines.push("\u2192 " + names[st[1]] + ": " + v);
        else lines.push("\u2190 " + names[st[0]] + ": " + v);
      });
      if (lines.length > max + 1) lines = lines.slice(0, max).concat(["\u2026 " + (lines.length - max) + " more"]);
      return lines;
    }
    function edgeLines(j) {
      var st = ends(edges[j]);
      return [names[st[0]] + " \u2192 " + names[st[1]]].concat(verbs(edges[j]));
    }
    function screenOf(i) { return [tx + k * pos[i][0], ty + k * pos[i][1]]; }

    // Hover and focus highlighting.
    function clearFocus() {
      svg.classList.remove("ng-focus");
      nodes.forEach(function (n) { n.classList.remove("ng-hl", "ng-nb"); });
      edges.forEach(function (e) { e.classList.remove("ng-hl"); });
      hideTip();
    }
    function focusNode(i) {
      clearFocus();
      svg.classList.add("ng-focus");
      nodes[i].classList.add("ng-hl");
      linked[i].forEach(function (j) {
        edges[j].classList.add("ng-hl");
        ends(edges[j]).forEach(function (m) { if (m !== i) nodes[m].classList.add("ng-nb"); });
      });
      var p = screenOf(i);
      showTip(nodeLines(i), p[0], p[1]);
    }
    function focusEdge(j, evt) {
      clearFocus();
      svg.classList.add("ng-focus");
      edges[j].classList.add("ng-hl");
      ends(edges[j]).forEach(function (m) { nodes[m].classList.add("ng-hl"); });
      var p = svgPoint(evt);
      showTip(edgeLines(j), p.x, p.y);
    }

    // Selection: nodes and their linked edges.
    var selected = {};
    function paintSelection() {
      var any = false;
      nodes.forEach(function (n, i) { n.classList.toggle("ng-sel", !!selected[i]); if (selected[i]) any = true; });
      edges.forEach(function (e) {
        var st = ends(e);
        e.classList.toggle("ng-sel", !!(selected[st[0]] || selected[st[1]]));
      });
      svg.classList.toggle("ng-has-sel", any);
      svg.setAttribute("data-selected", Object.keys(selected).filter(function (i) { return selected[i]; }).join(" "));
    }
    function select(i, add) {
      if (!add) {
        var only = selected[i] && Object.keys(selected).filter(function (x) { return selected[x]; }).length === 1;
        selected = {};
        if (!only) selected[i] = true;
      } else {
        selected[i] = !selected[i];
      }
      paintSelection();
    }
    function clearSelection() { selected = {}; paintSelection(); }

    nodes.forEach(function (n, i) {
      n.addEventListener("pointerenter", function () { if (!drag) focusNode(i); });
      n.addEventListener("pointerleave", clearFocus);
      n.addEventListener("focus", function () { focusNode(i); });
      n.addEventListener("blur", clearFocus);
      n.addEventListener("click", function (evt) { evt.stopPropagation(); select(i, evt.shiftKey || evt.ctrlKey || evt.metaKey); });
      n.addEventListener("keydown", function (evt) {
        if (evt.key === "Enter" || evt.key === " ") { evt.preventDefault(); select(i, evt.shiftKey); }
      });
    });
    edges.forEach(function (e, j) {
      e.addEventListener("pointerenter", function (evt) { if (!drag) focusEdge(j, evt); });
      e.addEventListener("pointerleave", clearFocus);
    });

    // Background: drag pans, shift-drag selects a box, a click clears.
    var drag = null;
    svg.addEventListener("pointerdown", function (evt) {
      if (evt.button !== 0 || evt.target.closest(".ng-node, .ng-btn")) return;
      var p = svgPoint(evt);
      drag = { box: evt.shiftKey, x: p.x, y: p.y, tx: tx, ty: ty, moved: false, id: evt.pointerId };
      if (svg.setPointerCapture) { try { svg.setPointerCapture(evt.pointerId); } catch (err) { /* synthetic pointer */ } }
      evt.preventDefault();
    });
    svg.addEventListener("pointermove", function (evt) {
      if (!drag) return;
      var p = svgPoint(evt);
      if (Math.abs(p.x - drag.x) + Math.abs(p.y - drag.y) > 3) drag.moved = true;
      if (drag.box) {
        box.setAttribute("x", Math.min(p.x, drag.x));
        box.setAttribute("y", Math.min(p.y, drag.y));
        box.setAttribute("width", Math.abs(p.x - drag.x));
        box.setAttribute("height", Math.abs(p.y - drag.y));
        box.setAttribute("visibility", "visible");
      } else {
        tx = drag.tx + p.x - drag.x;
        ty = drag.ty + p.y - drag.y;
        apply();
      }
    });
    function endDrag(evt) {
      if (!drag) return;
      var d = drag;
      drag = null;
      box.setAttribute("visibility", "hidden");
      if (!d.moved) { if (evt.type === "pointerup") clearSelection(); return; }
      if (!d.box) return;
      var p = svgPoint(evt);
      var x0 = (Math.min(p.x, d.x) - tx) / k, x1 = (Math.max(p.x, d.x) - tx) / k;
      var y0 = (Math.min(p.y, d.y) - ty) / k, y1 = (Math.max(p.y, d.y) - ty) / k;
      pos.forEach(function (q, i) {
        if (q[0] >= x0 && q[0] <= x1 && q[1] >= y0 && q[1] <= y1) selected[i] = true;
      });
      paintSelection();
    }
    svg.addEventListener("pointerup", endDrag);
    svg.addEventListener("pointercancel", endDrag);
    // The wheel zooms only once the graph has been clicked (until a click
    // elsewhere or Escape) or with Ctrl, Alt or Meta held, as map widgets
    // do: otherwise it scrolls the page, so a reader is never stuck.
    var active = false;
    svg.addEventListener("pointerdown", function () { active = true; svg.classList.add("ng-active"); });
    document.addEventListener("pointerdown", function (evt) {
      if (!svg.contains(evt.target)) { active = false; svg.classList.remove("ng-active"); }
    });
    svg.addEventListener("wheel", function (evt) {
      if (!active && !evt.ctrlKey && !evt.altKey && !evt.metaKey) return;
      evt.preventDefault();
      var p = svgPoint(evt);
      zoomAt(Math.exp(-evt.deltaY * 0.0015), p.x, p.y);
    }, { passive: false });
    svg.addEventListener("keydown", function (evt) {
      if (evt.key === "Escape") { clearSelection(); active = false; svg.classList.remove("ng-active"); }
    });

    // Buttons: zoom in, zoom out, reset.
    function reset() { k = 1; tx = 0; ty = 0; apply(); clearSelection(); clearFocus(); }
    function button(label, title, x, action) {
      var g = el("g", { "class": "ng-btn", role: "button", tabindex: "0", transform: "translate(" + x + " " + (vb.y + 8) + ")" }, ui);
      el("rect", { width: label.length > 1 ? 52 : 26, height: 24, rx: 4, ry: 4 }, g);
      var t = el("text", { x: label.length > 1 ? 26 : 13, y: 16, "text-anchor": "middle" }, g);
      t.textContent = label;
      var tt = el("title", {}, g);
      tt.textContent = title;
      g.addEventListener("click", function (evt) { evt.stopPropagation(); action(); });
      g.addEventListener("keydown", function (evt) {
        if (evt.key === "Enter" || evt.key === " ") { evt.preventDefault(); action(); }
      });
      return g;
    }
    var right = vb.x + vb.width - 8;
    var cx = vb.x + vb.width / 2, cy = vb.y + vb.height / 2;
    button("Reset", "Reset zoom, pan and selection", right - 52, reset).setAttribute("data-action", "reset");
    button("\u2212", "Zoom out", right - 52 - 32, function () { zoomAt(1 / 1.25, cx, cy); });
    button("+", "Zoom in", right - 52 - 64, function () { zoomAt(1.25, cx, cy); });
    var help = el("text", { "class": "ng-help", x: vb.x + 8, y: vb.y + vb.height - 8 }, ui);
    help.textContent = "Hover: relationships \u00b7 click: select \u00b7 shift-drag: box select \u00b7 wheel after a click or with Ctrl: zoom \u00b7 drag: pan \u00b7 Esc: clear";
    svg.appendChild(ui); // keep the UI on top
  }

  // A <div class="ng"> (Graph.HTML) holds a static picture and, in
  // data-ng-svg, the interactive SVG: parse it (as XML, so nothing in it
  // runs) and put it in the picture's place.
  function expand(host) {
    var b64 = host.getAttribute("data-ng-svg");
    if (!b64 || host.querySelector("svg.ng")) return;
    var text;
    try {
      var bin = atob(b64), bytes = new Uint8Array(bin.length);
      for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      text = new TextDecoder("utf-8").decode(bytes);
    } catch (e) { return; }
    var doc = new DOMParser().parseFromString(text, "image/svg+xml");
    var svg = doc.documentElement;
    if (!svg || svg.localName !== "svg" || doc.getElementsByTagName("parsererror").length) return;
    svg = document.importNode(svg, true);
    while (host.firstChild) host.removeChild(host.firstChild);
    host.appendChild(svg);
  }

  function initAll() {
    Array.prototype.forEach.call(document.querySelectorAll("div.ng[data-ng-svg]"), expand);
    Array.prototype.forEach.call(document.querySelectorAll("svg.ng"), init);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", initAll);
  else initAll();
})();
