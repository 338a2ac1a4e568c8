/* Publications: filters by year and type, and "Copy BibTeX" buttons.
   Without JavaScript, CSS hides them (.pub-js-only, media scripting: none) and the full list shows;
   they are in the page from the start, so showing them shifts no layout. */
(function () {
  "use strict";

  function setUpFilters(form) {
    var list = document.getElementById(form.getAttribute("data-list"));
    if (!list) return;
    var selects = form.querySelectorAll("select[data-filter]");
    var status = form.querySelector(".pub-filter-status");

    function apply() {
      var wanted = {};
      selects.forEach(function (s) { wanted[s.getAttribute("data-filter")] = s.value; });
      var shown = 0;
      list.querySelectorAll("li.pub").forEach(function (item) {
        var visible = (!wanted.year || item.getAttribute("data-year") === wanted.year) &&
                      (!wanted.type || item.getAttribute("data-type") === wanted.type);
        item.hidden = !visible;
        if (visible) shown += 1;
      });
      list.querySelectorAll("section.pub-year").forEach(function (group) {
        group.hidden = !group.querySelector("li.pub:not([hidden])");
      });
      if (status) status.textContent = shown + (shown === 1 ? " publication" : " publications") + " shown";
    }

    selects.forEach(function (s) { s.addEventListener("change", apply); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
  }

  function setUpCopy(button) {
    var entry = button.closest(".pub");
    var pre = entry && entry.querySelector(".pub-bibtex pre");
    if (!pre || !navigator.clipboard) {  // e.g. a page served over plain http
      button.hidden = true;
      return;
    }
    var label = button.textContent;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(pre.textContent).then(function () {
        button.textContent = "Copied";
        setTimeout(function () { button.textContent = label; }, 2000);
      }, function () {
        button.textContent = "Copy failed";
        setTimeout(function () { button.textContent = label; }, 2000);
      });
    });
  }

  function init() {
    document.querySelectorAll("form.pub-filters").forEach(setUpFilters);
    document.querySelectorAll("button.pub-copy-bibtex").forEach(setUpCopy);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
