// The app's one HTML page: a shell the script fills in; styles and scripts come from /assets on this server.
// The "Access token" button stays hidden until the service says it wants a token.
export function renderAppPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Incident Pilot</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/app.css">
</head>
<body>
<a class="skip-link" href="#main">Skip to the content</a>
<header class="topbar"><a href="#/">Incident Pilot</a><span class="tagline">root causes of production incidents</span>
<button type="button" class="secondary" id="change-token" hidden>Access token</button></header>
<main id="main" tabindex="-1">
<div id="token-area"></div>
<div id="view"><p>Loading…</p><noscript>This page needs JavaScript; the REST API is at /api/investigations.</noscript></div>
</main>
<script src="/assets/uplot.js"></script>
<script src="/assets/app.js"></script>
</body>
</html>
`;
}
