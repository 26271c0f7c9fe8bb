/* Behaviour shared by every page. No inline scripts anywhere: the Content-Security-Policy forbids them. */
(function () {
  "use strict";
  document.documentElement.classList.add("js-enabled");

  // The language switcher submits itself when a language is picked; without JS its button does it.
  document.querySelectorAll(".js-language-form select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // A form sent back with errors: the keyboard and the screen reader land on the first field to correct, whose
  // error is read with it (Django links them by aria-describedby), so nobody has to hunt for it (WCAG 3.3.1).
  var invalid = document.querySelector("main [aria-invalid=true], main .is-invalid");
  if (invalid && typeof invalid.focus === "function") { invalid.focus(); }

  // After htmx replaces the part of the page that held the keyboard's focus, focus goes to the new content
  // rather than falling back to the top of the page (WCAG 2.4.3).
  var swappedId = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    swappedId = target && target.id && target.contains(document.activeElement) ? target.id : null;
  });
  document.addEventListener("htmx:afterSettle", function () {
    var swapped = swappedId && document.getElementById(swappedId);
    swappedId = null;
    if (!swapped || (document.activeElement && document.activeElement !== document.body)) { return; }
    if (!swapped.hasAttribute("tabindex")) { swapped.setAttribute("tabindex", "-1"); }
    swapped.focus();
  });

  // Forms that destroy something ask first: <form data-confirm="Really remove this?">.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });
})();
