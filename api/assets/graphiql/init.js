// Mounts GraphiQL 4.1.2 (UMD) on #graphiql. Loaded as an external script after
// react.production.min.js, react-dom.production.min.js and graphiql.min.js, which
// define window.React, window.ReactDOM and window.GraphiQL. No inline script or
// style is needed (the page's CSP forbids both) and no other origin is contacted.
//
// The page provides: <div id="graphiql" data-endpoint="/graphql"></div>
// Optional: data-subscription-endpoint="/graphql" (a path or a ws:/wss: URL);
// without it, subscriptions use the same path as data-endpoint over ws:/wss:.
(function () {
  'use strict';

  var container = document.getElementById('graphiql');
  if (!container) {
    return;
  }
  var endpoint = container.dataset.endpoint || '/graphql';

  // Same-origin WebSocket URL for subscriptions (graphql-transport-ws).
  function webSocketUrl(path) {
    var url = new URL(path, window.location.href);
    if (url.protocol === 'https:') {
      url.protocol = 'wss:';
    } else if (url.protocol === 'http:') {
      url.protocol = 'ws:';
    }
    return url.href;
  }
  var subscriptionEndpoint = webSocketUrl(
    container.dataset.subscriptionEndpoint || endpoint,
  );

  // Full-height layout. Set through the CSSOM, which a CSP without
  // 'unsafe-inline' allows (unlike style attributes and <style> elements).
  document.documentElement.style.height = '100%';
  document.body.style.height = '100%';
  document.body.style.margin = '0';
  document.body.style.overflow = 'hidden';
  container.style.height = '100vh';

  var fetcher = GraphiQL.createFetcher({
    url: endpoint,
    // The server answers plain JSON; do not ask for multipart/mixed.
    enableIncrementalDelivery: false,
    // Headers typed in the headers editor (e.g. {"authorization":"Bearer …"})
    // are also sent as the connection_init payload.
    subscriptionUrl: subscriptionEndpoint,
  });

  // The docs explorer and the history plugin are GraphiQL's defaults.
  var root = ReactDOM.createRoot(container);
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultEditorToolsVisibility: true,
    }),
  );
})();
