export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  body?: unknown;
  rawBody?: string | Buffer;
  token?: string;
  workspaceId?: string;
  headers?: Record<string, string>;
}

/** A small client for the local stage, over real HTTP. */
export function apiClient(baseUrl: string) {
  async function request<T = any>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.workspaceId) headers['x-workspace-id'] = options.workspaceId;
    let body: string | Buffer | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(new URL(path, baseUrl), { method, headers, body, redirect: 'manual' });
    const text = await response.text();
    let parsed: unknown = text;
    if (response.headers.get('content-type')?.includes('json') && text) parsed = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  }
  return {
    baseUrl,
    request,
    get: <T = any>(path: string, options?: RequestOptions) => request<T>('GET', path, options),
    post: <T = any>(path: string, body?: unknown, options?: RequestOptions) =>
      request<T>('POST', path, { ...options, body }),
    put: <T = any>(path: string, body?: unknown, options?: RequestOptions) =>
      request<T>('PUT', path, { ...options, body }),
    patch: <T = any>(path: string, body?: unknown, options?: RequestOptions) =>
      request<T>('PATCH', path, { ...options, body }),
    delete: <T = any>(path: string, options?: RequestOptions) => request<T>('DELETE', path, options),
  };
}

export type ApiClient = ReturnType<typeof apiClient>;

let counter = 0;

/** Signs up a fresh user and returns its tokens. */
export async function signup(api: ApiClient, name = 'user') {
  counter += 1;
  const email = `${name}.${process.pid}.${counter}.${Date.now()}@example.test`;
  const response = await api.post('/auth/signup', { email, password: 'correct horse battery', name });
  if (response.status !== 201) throw new Error(`signup failed: ${response.status} ${response.text}`);
  return { email, password: 'correct horse battery', ...response.body } as {
    email: string;
    password: string;
    user: { id: string; email: string; name: string; emailVerified: boolean };
    accessToken: string;
    refreshToken: string;
  };
}

/** Signs up a user and creates a workspace they own. */
export async function signupWithWorkspace(api: ApiClient, name = 'owner') {
  const user = await signup(api, name);
  const workspace = await api.post('/workspaces', { name: `${name}'s shop` }, { token: user.accessToken });
  if (workspace.status !== 201)
    throw new Error(`workspace creation failed: ${workspace.status} ${workspace.text}`);
  return { ...user, workspaceId: workspace.body.id as string };
}
