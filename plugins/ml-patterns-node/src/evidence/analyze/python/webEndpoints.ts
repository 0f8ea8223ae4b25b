/*
 * The decorators that register a web endpoint in FastAPI, Flask, Starlette
 * and their like (`@app.post("/x")`, `@router.get(…)`, `@bp.route(…)`): a
 * function so decorated runs per request. Written out as literals, one per
 * form they are read in, so the linear-regex check can read them.
 */

/** A decorator's callee (`app.post`, or a bare `post` imported alone) naming an endpoint method. */
export const ENDPOINT_DECORATOR_CALLEE =
  /(?:^|\.)(?:get|post|put|patch|delete|route|api_route|websocket)$/;

/** A decorator's callee called on an object (`app.post`, `bp.route`). */
export const ENDPOINT_METHOD_CALLEE =
  /\.(?:get|post|put|patch|delete|route|api_route|websocket)$/;

/** A decorator's text (`@app.post("/x")`) calling an endpoint method. */
export const ENDPOINT_DECORATOR_TEXT =
  /\.(?:get|post|put|patch|delete|route|api_route|websocket)\s*\(/;
