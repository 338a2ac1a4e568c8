/* Resolve the "auto" colour mode before the first paint.
 * pydata-sphinx-theme's inline <head> script sets data-theme to the stored theme or "auto",
 * and its style sheets know only "light" and "dark"; its deferred script resolves "auto"
 * later, so a dark-mode visitor would first see a light page. */
(() => {
  const root = document.documentElement;
  if ((root.dataset.mode || "auto") === "auto") {
    root.dataset.theme = matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
})();
