"use strict";
// The API's documentation page (templates/api/docs.html): Swagger UI draws it after the schema arrives and
// redraws parts as one opens them. A few of its controls have no accessible name, or a name that is not the text
// they show (which voice control users say): each is given one as soon as it is drawn (WCAG 2.1 4.1.2, 2.5.3).
(() => {
  const root = document.getElementById("swagger-ui");
  if (!root) return;

  // The dialog's cross, an icon alone.
  const named = {".close-modal": "Close"};
  // Buttons whose aria-label says something other than their text ("Apply credentials" on "Authorize"): their
  // text is their name.
  const labelledByText = [".auth-btn-wrapper .btn[aria-label]"];
  // Fields named by a code ("auth-bearer-value"): named by what they ask for.
  const fieldNames = {
    "auth-bearer-value": "Bearer token",
    "auth-basic-username": "Username",
    "auth-basic-password": "Password",
  };

  let opener = null; // the button that opened the authorization dialog
  root.addEventListener("click", (event) => {
    const button = event.target.closest?.(".btn.authorize, .authorization__btn");
    if (button && !button.closest(".dialog-ux")) opener = button;
  }, true);

  const fix = () => {
    // The page is busy until the description has arrived and is drawn (or its failure is), which a screen reader
    // announces; the browser tests wait for it too.
    const loading = !root.firstElementChild || root.querySelector(".info .loading-container .loading") !== null;
    if (!loading) root.closest("[aria-busy]")?.removeAttribute("aria-busy");
    // Swagger UI draws its list of operations as a <main> of its own, inside the page's: a second "main" landmark
    // for a screen reader. It is a region of the page's main content, named.
    for (const element of root.querySelectorAll("main")) {
      if (!element.hasAttribute("role")) {
        element.setAttribute("role", "region");
        element.setAttribute("aria-label", "Operations");
      }
    }
    for (const [selector, name] of Object.entries(named)) {
      for (const element of root.querySelectorAll(selector)) {
        if (!element.hasAttribute("aria-label") && !element.textContent.trim()) {
          element.setAttribute("aria-label", name);
        }
      }
    }
    // A schema's property that is itself an object opens with an arrow alone: named by the property.
    for (const element of root.querySelectorAll(".model-box-control")) {
      if (!element.hasAttribute("aria-label") && !element.textContent.trim()) {
        const property = element.closest("tr")?.querySelector("td")?.textContent.trim();
        element.setAttribute("aria-label", property ? `Details of ${property}` : "Details");
      }
    }
    for (const element of root.querySelectorAll(labelledByText.join(","))) {
      if (element.textContent.trim()) element.removeAttribute("aria-label");
    }
    for (const [code, name] of Object.entries(fieldNames)) {
      for (const element of root.querySelectorAll(`[aria-label="${code}"]`)) {
        element.setAttribute("aria-label", name);
      }
    }
    // A parameter's field when trying an operation: a text field shows the parameter's name as a placeholder only,
    // a yes/no choice nothing; each is named by its parameter.
    for (const element of root.querySelectorAll("tr[data-param-name] :is(input, select, textarea)")) {
      if (!element.hasAttribute("aria-label") && !element.labels?.length) {
        element.setAttribute("aria-label", element.closest("tr").dataset.paramName);
      }
    }
    // The authorization window is a dialog named by its heading: it takes the focus when it opens, and gives it
    // back to the button that opened it when it closes (WCAG 2.1 2.4.3, 4.1.2).
    const modal = root.querySelector(".dialog-ux .modal-ux");
    if (modal && !modal.hasAttribute("role")) {
      const heading = modal.querySelector(".modal-ux-header h3");
      if (heading) {
        heading.id = "api-docs-dialog-heading";
        modal.setAttribute("aria-labelledby", heading.id);
      }
      modal.setAttribute("role", "dialog");
      modal.setAttribute("aria-modal", "true");
      (modal.querySelector("input, select, textarea") || modal.querySelector("button"))?.focus();
    } else if (!modal && opener) {
      // Swagger UI may draw the button again meanwhile: then the page's own Authorize button.
      (opener.isConnected ? opener : root.querySelector(".scheme-container .btn.authorize"))?.focus();
      opener = null;
    }
    // A code block wider than the screen (a curl command, an example on a phone) scrolls: it takes the focus, so
    // the keyboard can scroll it too (WCAG 2.1 2.1.1).
    for (const element of root.querySelectorAll("pre")) {
      const scrolls = element.scrollWidth > element.clientWidth || element.scrollHeight > element.clientHeight;
      if (scrolls && !element.hasAttribute("tabindex")) element.setAttribute("tabindex", "0");
      if (!scrolls && element.getAttribute("tabindex") === "0") element.removeAttribute("tabindex");
    }
  };
  // Mutation callbacks run before the browser does anything else: nothing is ever seen unnamed.
  new MutationObserver(fix).observe(root, {childList: true, subtree: true});
  window.addEventListener("resize", fix);
  fix();
})();
