// "Report a problem": suggest help articles when the category changes, and offer
// the coordinator her school's devices while she types a serial. Without
// JavaScript the form still works (a button shows suggestions via GET).
(function () {
  "use strict";
  var form = document.querySelector("form.report-form");
  if (!form) return;
  var category = form.querySelector("[name=category]");
  var box = document.getElementById("help-suggestions");
  if (category && box && form.dataset.suggestUrl) {
    category.addEventListener("change", function () {
      var url = form.dataset.suggestUrl + "?category=" + encodeURIComponent(category.value);
      fetch(url, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (html) {
          var doc = new DOMParser().parseFromString(html, "text/html");
          box.replaceChildren.apply(box, Array.from(doc.body.childNodes));
        })
        .catch(function () {});
    });
  }
  var serial = form.querySelector("[name=serial]");
  var list = document.getElementById("school-devices");
  if (serial && list && form.dataset.deviceUrl) {
    serial.setAttribute("list", "school-devices");
    var timer = null;
    serial.addEventListener("input", function () {
      clearTimeout(timer);
      var term = serial.value.trim();
      if (term.length < 2) return;
      timer = setTimeout(function () {
        fetch(form.dataset.deviceUrl + "?q=" + encodeURIComponent(term), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : { devices: [] }; })
          .then(function (data) {
            list.replaceChildren();
            data.devices.forEach(function (d) {
              var option = document.createElement("option");
              option.value = d.serial;
              option.label = d.model + (d.asset_tag ? " · " + d.asset_tag : "");
              list.appendChild(option);
            });
          })
          .catch(function () {});
      }, 250);
    });
  }
})();
