/* The document checklist: several files at once, dropped or chosen, each uploaded as soon as it is chosen with a
   progress bar, and its checklist line updated in place, so nothing chosen elsewhere on the page is lost.
   Without JavaScript the same forms upload by a plain POST. Files go one at a time, in the order chosen. */
(function () {
  "use strict";
  var queue = Promise.resolve();

  function item(form, file) {
    var box = document.createElement("div");
    box.className = "upload-item small mt-1";
    box.setAttribute("data-testid", "upload-item");
    var name = document.createElement("span");
    name.className = "me-2";
    name.textContent = file.name;
    var status = document.createElement("span");
    status.className = "text-muted upload-status";
    status.textContent = form.getAttribute("data-waiting");
    var bar = document.createElement("progress");
    bar.className = "upload-progress d-block w-100";
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute("aria-label", file.name);
    box.appendChild(name);
    box.appendChild(status);
    box.appendChild(bar);
    form.querySelector(".js-upload-progress").appendChild(box);
    return { box: box, status: status, bar: bar };
  }

  function fail(view, messages) {
    view.bar.remove();
    view.status.className = "text-danger";
    view.status.setAttribute("data-testid", "upload-error");
    view.status.textContent = messages.join(" ");
  }

  function send(form, file, view) {
    return new Promise(function (resolve) {
      var data = new FormData();
      data.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
      data.append("requirement", form.querySelector("[name=requirement]").value);
      data.append("file", file, file.name);
      var request = new XMLHttpRequest();
      request.open("POST", form.action);
      request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      request.responseType = "json";
      view.status.textContent = form.getAttribute("data-uploading");
      request.upload.addEventListener("progress", function (event) {
        if (event.lengthComputable) { view.bar.value = Math.round((event.loaded / event.total) * 100); }
      });
      request.addEventListener("load", function () {
        var body = request.response || {};
        if (body.documents) {
          var line = form.closest("[data-testid^=requirement-]");
          line.querySelector("[data-documents]").outerHTML = body.documents;
        }
        if (body.missing) {
          document.querySelector("[data-missing-documents]").outerHTML = body.missing;
        }
        if (request.status === 200) {
          view.bar.value = 100;
          view.status.className = "text-success upload-status";
          view.status.textContent = form.getAttribute("data-uploaded");
        } else {
          var errors = (body.errors || []).map(function (error) { return error.message; });
          fail(view, errors.length ? errors : [form.getAttribute("data-failed")]);
        }
        resolve();
      });
      request.addEventListener("error", function () {
        fail(view, [form.getAttribute("data-failed")]);
        resolve();
      });
      request.send(data);
    });
  }

  function uploadAll(form, files) {
    Array.prototype.forEach.call(files, function (file) {
      var view = item(form, file);
      queue = queue.then(function () { return send(form, file, view); });
    });
  }

  document.querySelectorAll("form.js-upload").forEach(function (form) {
    var input = form.querySelector("input[type=file]");
    var line = form.closest(".upload-drop") || form;
    input.removeAttribute("required");
    input.addEventListener("change", function () {
      uploadAll(form, input.files);
      input.value = "";
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (input.files.length) { uploadAll(form, input.files); input.value = ""; }
    });
    ["dragenter", "dragover"].forEach(function (name) {
      line.addEventListener(name, function (event) {
        event.preventDefault();
        line.classList.add("upload-drop-active");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      line.addEventListener(name, function () { line.classList.remove("upload-drop-active"); });
    });
    line.addEventListener("drop", function (event) {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length) { uploadAll(form, event.dataTransfer.files); }
    });
  });
})();
