// Canned replies: choosing one puts its text into the reply box to be adapted.
(function () {
  "use strict";
  var form = document.getElementById("agent-reply");
  if (!form) return;
  var select = form.querySelector("[name=canned_reply]");
  var body = form.querySelector("[name=body]");
  if (!select || !body) return;
  select.addEventListener("change", function () {
    var template = document.getElementById("canned-" + select.value);
    if (!template) return;
    var text = template.content.textContent.trim();
    body.value = body.value.trim() ? body.value.trim() + "\n\n" + text : text;
    body.focus();
  });
})();
