/* Behaviour shared by every page. No inline scripts anywhere: the Content-Security-Policy forbids them. */
(function () {
  "use strict";
  document.documentElement.classList.add("js-enabled");

  // The language switcher submits itself when a language is picked; without JS its button does it.
  document.querySelectorAll(".js-language-form select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // Forms that destroy something ask first: <form data-confirm="Really remove this?">.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });
})();
