/* Publications: filters by year and type, and "Copy BibTeX" buttons.
   Both need JavaScript, so this script makes them: a page read without it (no-script
   browsers, reader modes, text clients, which ignore CSS) has no control that does nothing.
   Where they go, the page keeps their room (publications.css), so they shift no layout:
   the filters fill an empty slot of that height, the button follows the download link
   on a line as tall as itself. */
(function () {
  "use strict";

  function make(tag, attributes, text) {
    var element = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { element.setAttribute(name, attributes[name]); });
    if (text) element.textContent = text;
    return element;
  }

  // The page's words, written by the engine in the page's language (JSON in a data attribute);
  // English if the attribute is missing or broken.
  function words(element, name, english) {
    try { return JSON.parse(element.getAttribute(name)) || english; } catch (error) { return english; }
  }

  // slot: <div class="pub-filters-slot" data-list="<list id>"
  //            data-filters='[[name, label, "All …", [[value, text], …]], …]'
  //            data-words='{"form": "Filter publications", "one": "{n} publication shown", "other": …}'>
  function setUpFilters(slot) {
    var list = document.getElementById(slot.getAttribute("data-list"));
    var filters;
    try { filters = JSON.parse(slot.getAttribute("data-filters")); } catch (error) { return; }
    if (!list || !filters) return;
    var said = words(slot, "data-words", {
      form: "Filter publications", one: "{n} publication shown", other: "{n} publications shown"
    });
    var form = make("form", { "class": "pub-filters", "aria-label": said.form });
    var selects = filters.map(function (filter) {
      var id = list.id + "-filter-" + filter[0];
      var pair = make("span", { "class": "pub-filter" });
      var select = make("select", { id: id, "class": "pub-filter-select", "data-filter": filter[0] });
      select.appendChild(make("option", { value: "" }, filter[2]));
      filter[3].forEach(function (option) { select.appendChild(make("option", { value: option[0] }, option[1])); });
      pair.appendChild(make("label", { "for": id }, filter[1]));
      pair.appendChild(select);
      form.appendChild(pair);
      return select;
    });
    var status = make("output", { "class": "pub-filter-status", "aria-live": "polite" });
    form.appendChild(status);

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
      status.textContent = (shown === 1 ? said.one : said.other).replace("{n}", String(shown));
    }

    selects.forEach(function (s) { s.addEventListener("change", apply); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    slot.appendChild(form);
  }

  function setUpCopy(actions) {
    var entry = actions.closest(".pub");
    var pre = entry && entry.querySelector(".pub-bibtex pre");
    var download = actions.querySelector(".pub-download-bib");
    if (!pre || !navigator.clipboard) return;  // e.g. a page served over plain http
    var label = actions.getAttribute("data-copy") || "Copy BibTeX";
    var copied = actions.getAttribute("data-copied") || "Copied";
    var failed = actions.getAttribute("data-copy-failed") || "Copy failed";
    var button = make("button", { type: "button", "class": "pub-copy-bibtex" }, label);
    if (download && download.hasAttribute("aria-describedby")) {
      button.setAttribute("aria-describedby", download.getAttribute("aria-describedby"));
    }
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(pre.textContent).then(function () {
        button.textContent = copied;
        setTimeout(function () { button.textContent = label; }, 2000);
      }, function () {
        button.textContent = failed;
        setTimeout(function () { button.textContent = label; }, 2000);
      });
    });
    actions.appendChild(button);
  }

  function init() {
    document.querySelectorAll(".pub-filters-slot[data-filters]").forEach(setUpFilters);
    document.querySelectorAll(".pub-actions").forEach(setUpCopy);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
