/* The iServ hand-over page: follow the "Weiter zu iServ" link at once.
   A script navigation, because Content-Security-Policy form-action 'self' stops a
   form's redirect to another site. Without JavaScript the link is clicked by hand. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var link = document.querySelector("a[data-follow-at-once]");
    if (link) { window.location.replace(link.href); }
  });
})();
