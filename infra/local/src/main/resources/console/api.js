// Calls to the admin API go through the console's own proxy (/console/api/<path> -> <api>/admin/<path>), which adds
// the credentials; the header below is what the proxy requires of every call (a cross-site page cannot send it).

/** An answer other than 2xx: `problem` is the RFC 9457 document (or what stands in for one). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/**
 * @param {string} path below /admin/, e.g. "runs" or "runs/<id>/cancel"
 * @param {{method?: string, query?: object, body?: any}} options query values that are empty are left out
 */
export async function api(path, { method = 'GET', query = {}, body } = {}) {
  const url = new URL(`api/${path}`, document.baseURI);
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, value);
  }
  const headers = { 'X-Hookrun-Console': '1', Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(url, {
      method, headers, cache: 'no-store', credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, { title: 'The console is not reachable', detail: `${e.message}: is hookrun still running?` });
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = text; }
  }
  if (!response.ok) {
    const problem = data && typeof data === 'object' ? data
      : { title: `HTTP ${response.status}`, detail: typeof data === 'string' ? data.slice(0, 300) : '' };
    throw new ApiError(response.status, problem);
  }
  return data;
}

/** A list answer's items: `{items, nextToken}` (ADR 0009), or a bare array from an older API. */
export function itemsOf(data) {
  if (Array.isArray(data)) return data;
  return (data && Array.isArray(data.items)) ? data.items : [];
}

let configPromise;

/** `{api, local}`: the API the console shows, and whether it is the local stack. */
export function config() {
  configPromise ??= fetch(new URL('config.json', document.baseURI), { cache: 'no-store' }).then((r) => {
    if (!r.ok) throw new ApiError(r.status, { title: 'No console configuration', detail: `config.json: HTTP ${r.status}` });
    return r.json();
  });
  return configPromise;
}
