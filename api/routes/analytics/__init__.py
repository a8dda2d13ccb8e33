"""The private dashboard: `/analytics` (page), `/analytics/export` (CSV or JSON) and
`/analytics/live` (a WebSocket pushing new alerts and drafts as they happen).

A single-use link from `/dashboard` in Telegram is exchanged for a signed session
cookie (session.py), then the browser is redirected so the token leaves the address bar.
Every query is filtered by the user id inside that cookie and by nothing the browser sends.
"""

from api.routes.analytics import export, live, page

routers = (page.router, export.router, live.router)
