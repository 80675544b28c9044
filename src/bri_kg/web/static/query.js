// YASGUI against this server's /sparql, one tab per bundled example query; no remote autocompletion.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("editor-config").textContent);
  var Yasgui = window.Yasgui;
  if (!Yasgui) return;
  // The class/property autocompleters query lov.linkeddata.es: keep the local ones only.
  Yasgui.Yasqe.defaults.autocompleters = ["prefixes", "variables"];
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: config.endpoint, method: "POST", acceptHeaderSelect: "application/sparql-results+json" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: config.endpoint }]; } },
    persistenceId: null,
    autoAddOnInit: config.examples.length === 0,
    populateFromUrl: false,
    yasqe: { resizeable: true, editorHeight: "260px" }
  });
  var first = null;
  config.examples.forEach(function (example, i) {
    var tab = yasgui.addTab(i === 0, {
      name: example.title,
      yasqe: { value: example.query },
      requestConfig: { endpoint: config.endpoint }
    });
    if (i === 0) first = tab;
  });
  if (first) yasgui.selectTabId(first.getId());
  window.briKgYasgui = yasgui;
})();
