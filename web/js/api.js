// The REST client: bearer token, JSON both ways, the server's error shape as ApiError.
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message || code || `HTTP ${status}`);
    this.status = status;
    this.code = code;
  }
  /// True when the route itself is missing (a feature the server does not offer yet).
  get unavailable() {
    return this.status === 501 || (this.status === 404 && /^no route/i.test(this.message));
  }
}

const session = {
  token: sessionStorage.getItem('centralita.token') || '',
  user: JSON.parse(sessionStorage.getItem('centralita.user') || 'null'),
  onExpired: () => {},
};
export { session };

export function setSession(token, user) {
  session.token = token;
  session.user = user;
  if (token) {
    sessionStorage.setItem('centralita.token', token);
    sessionStorage.setItem('centralita.user', JSON.stringify(user));
  } else {
    sessionStorage.removeItem('centralita.token');
    sessionStorage.removeItem('centralita.user');
  }
}

export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, 'network', e.message);
  }
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!res.ok) {
    const err = data && data.error ? data.error : {};
    if (res.status === 401 && session.token && !path.endsWith('/auth/login')) session.onExpired();
    throw new ApiError(res.status, err.code, err.message);
  }
  return data;
}

export const get = (p) => api('GET', p);
export const post = (p, b) => api('POST', p, b ?? {});
export const patch = (p, b) => api('PATCH', p, b);
export const put = (p, b) => api('PUT', p, b);
export const del = (p) => api('DELETE', p);

/// The items of a list answer, whether it is {items:[…]}, {results:[…]} or a bare array.
export function itemsOf(data) {
  if (Array.isArray(data)) return data;
  if (!data) return [];
  for (const k of ['items', 'results', 'data', 'events', 'articles']) if (Array.isArray(data[k])) return data[k];
  return [];
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}
