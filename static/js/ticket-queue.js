// Keyboard use of the ticket queue: j / k move between tickets, Enter opens,
// x ticks the current ticket for a bulk action, / jumps to the search field.
(function () {
  "use strict";
  var links = Array.from(document.querySelectorAll(".queue-link"));
  if (!links.length) return;
  var index = -1;
  function typing(el) {
    return el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT");
  }
  function focusRow(i) {
    index = Math.max(0, Math.min(links.length - 1, i));
    links[index].focus();
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(document.activeElement)) return;
    if (event.key === "j") { focusRow(index + 1); event.preventDefault(); }
    else if (event.key === "k") { focusRow(index - 1); event.preventDefault(); }
    else if (event.key === "x" && index >= 0) {
      var box = links[index].closest("tr").querySelector("input[type=checkbox]");
      if (box) box.checked = !box.checked;
      event.preventDefault();
    } else if (event.key === "/") {
      var search = document.querySelector("#queue-filter [name=q]");
      if (search) { search.focus(); event.preventDefault(); }
    }
  });
  links.forEach(function (link, i) {
    link.addEventListener("focus", function () { index = i; });
  });
})();
