/* The document viewer of the application page: a PDF is drawn page by page by the bundled pdf.js (served from
   this site, its worker too), an image is shown as an image. The file comes through the permission-checked
   download view; nothing in it runs (pdf.js draws it on canvases, with scripting and eval off). */
const viewer = document.querySelector("[data-testid='document-viewer']");
const MAX_PAGES = 50;

if (viewer) {
  const body = viewer.querySelector("[data-viewer-body]");
  const heading = viewer.querySelector("[data-viewer-heading]");
  const close = viewer.querySelector("[data-viewer-close]");
  const hint = viewer.querySelector("[data-viewer-hint]");
  const error = viewer.querySelector("[data-viewer-error]");
  const loading = viewer.querySelector("[data-viewer-loading]");
  const defaultHeading = heading.textContent;
  let pdfjs = null;
  let current = 0;

  const clear = () => {
    body.querySelectorAll(".document-viewer-page").forEach((node) => node.remove());
    error.hidden = true;
    loading.hidden = true;
  };

  const loadPdfjs = async () => {
    if (!pdfjs) {
      pdfjs = await import(viewer.dataset.pdfjs);
      pdfjs.GlobalWorkerOptions.workerSrc = viewer.dataset.pdfjsWorker;
    }
    return pdfjs;
  };

  const showImage = (src, title) => {
    const image = document.createElement("img");
    image.className = "document-viewer-page img-fluid";
    image.alt = title;
    image.addEventListener("load", () => { loading.hidden = true; });
    image.addEventListener("error", () => { loading.hidden = true; error.hidden = false; });
    image.src = src;
    body.append(image);
  };

  const showPdf = async (src, title, token) => {
    const lib = await loadPdfjs();
    const pdf = await lib.getDocument({
      url: src,
      isEvalSupported: false,
      enableScripting: false,
      cMapUrl: viewer.dataset.pdfjsCmaps,
      cMapPacked: true,
      standardFontDataUrl: viewer.dataset.pdfjsFonts,
    }).promise;
    const width = Math.max(body.clientWidth - 2, 200);
    for (let number = 1; number <= Math.min(pdf.numPages, MAX_PAGES); number += 1) {
      if (token !== current) return;
      const page = await pdf.getPage(number);
      const unscaled = page.getViewport({ scale: 1 });
      const ratio = window.devicePixelRatio || 1;
      const viewport = page.getViewport({ scale: (width / unscaled.width) * ratio });
      const canvas = document.createElement("canvas");
      canvas.className = "document-viewer-page";
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      canvas.setAttribute("role", "img");
      canvas.setAttribute("aria-label", `${title} (${number}/${pdf.numPages})`);
      body.append(canvas);
      await page.render({ canvas, canvasContext: canvas.getContext("2d"), viewport }).promise;
      loading.hidden = true;
    }
    viewer.dataset.pages = String(pdf.numPages);
  };

  document.addEventListener("click", async (event) => {
    const button = event.target.closest("[data-viewer-src]");
    if (button) {
      current += 1;
      const token = current;
      clear();
      hint.hidden = true;
      loading.hidden = false;
      close.hidden = false;
      heading.textContent = button.dataset.viewerTitle;
      viewer.dataset.state = "loading";
      try {
        if (button.dataset.viewerKind === "pdf") {
          await showPdf(button.dataset.viewerSrc, button.dataset.viewerTitle, token);
        } else {
          showImage(button.dataset.viewerSrc, button.dataset.viewerTitle);
        }
        if (token === current) viewer.dataset.state = "shown";
      } catch (problem) {
        if (token === current) {
          loading.hidden = true;
          error.hidden = false;
          viewer.dataset.state = "error";
        }
      }
      if (window.matchMedia("(max-width: 991px)").matches) viewer.scrollIntoView({ behavior: "smooth" });
      return;
    }
    if (event.target.closest("[data-viewer-close]")) {
      current += 1;
      clear();
      hint.hidden = false;
      close.hidden = true;
      heading.textContent = defaultHeading;
      delete viewer.dataset.state;
    }
  });
}
