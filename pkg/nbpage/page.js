(function () {
  "use strict";
  var b = document.getElementById("toggle-input");
  if (!b) return;
  b.hidden = false;
  b.addEventListener("click", function () {
    var hide = document.body.classList.toggle("hide-input");
    b.textContent = hide ? "Show code" : "Hide code";
    b.setAttribute("aria-pressed", hide ? "true" : "false");
  });
})();
