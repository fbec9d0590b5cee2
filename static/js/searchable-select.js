/* Progressive enhancement: a filter box above long selects (for example the 154 schools).
   Without JavaScript the plain select works. No inline code: CSP allows only 'self'. */
(function () {
  "use strict";
  function normalise(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  function enhance(select) {
    var label = document.querySelector('label[for="' + select.id + '"]');
    var input = document.createElement("input");
    input.type = "search";
    input.id = select.id + "_filter";
    input.className = "select-filter";
    input.autocomplete = "off";
    input.setAttribute("aria-controls", select.id);
    var filterLabel = document.createElement("label");
    filterLabel.htmlFor = input.id;
    filterLabel.className = "select-filter__label";
    filterLabel.textContent = select.dataset.filterLabel || "Filter";
    var status = document.createElement("p");
    status.className = "help";
    status.setAttribute("aria-live", "polite");
    var options = Array.prototype.slice.call(select.options);
    input.addEventListener("input", function () {
      var query = normalise(input.value.trim());
      var shown = 0;
      var first = null;
      options.forEach(function (option) {
        var match = !option.value || normalise(option.text).indexOf(query) !== -1;
        option.hidden = !match;
        option.disabled = !match && option.value !== "";
        if (match && option.value) {
          shown += 1;
          if (!first) { first = option; }
        }
      });
      if (query && shown === 1 && first) { select.value = first.value; }
      status.textContent = query ? (select.dataset.countText || "{n}").replace("{n}", shown) : "";
    });
    var anchor = label || select;
    anchor.parentNode.insertBefore(filterLabel, select);
    anchor.parentNode.insertBefore(input, select);
    select.parentNode.insertBefore(status, select.nextSibling);
  }
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("select[data-searchable-select]"), enhance);
  });
})();
