// Suggestions as you type in the search box; results are inserted as text, never as HTML.
(function () {
  "use strict";
  var box = document.getElementById("search-box");
  var list = document.getElementById("suggestions");
  if (!box || !list) return;
  var timer = null;
  var latest = 0;

  function clear() {
    while (list.firstChild) list.removeChild(list.firstChild);
    list.hidden = true;
  }

  function show(items) {
    clear();
    items.forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = item.url;
      a.textContent = item.label;
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = item.kind + (item.lang ? " · " + item.lang : "");
      li.appendChild(a);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(kind);
      list.appendChild(li);
    });
    list.hidden = items.length === 0;
  }

  function fetchSuggestions() {
    var q = box.value.trim();
    if (q.length < 2) { clear(); return; }
    var ticket = ++latest;
    fetch(box.dataset.suggest + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
      .then(function (data) { if (ticket === latest) show(data.suggestions || []); })
      .catch(clear);
  }

  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, 150);
  });
  box.addEventListener("keydown", function (e) { if (e.key === "Escape") clear(); });
  document.addEventListener("click", function (e) { if (!list.contains(e.target) && e.target !== box) clear(); });
})();
