// The DPO API, every call signed with SigV4 (service execute-api) by aws4fetch, with the credentials
// sign-in gave (auth.js). An answer that is not 2xx becomes an ApiError carrying the API's own error
// JSON ({"error": {"code", "message"}}) or API Gateway's ({"message"}), shown as the API said it.
import { AwsClient } from "aws4fetch";

export class ApiError extends Error {
  constructor(status, code, message, body) {
    super(message);
    this.status = status;
    this.code = code;
    this.body = body;
  }
}

// RFC 3986, as SigV4's canonical query string encodes: encodeURIComponent leaves !'()* alone.
const encode = (text) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function queryString(query = {}) {
  const pairs = Object.entries(query).filter(([, value]) => value !== undefined && value !== null && value !== "");
  return pairs.length ? `?${pairs.map(([key, value]) => `${encode(key)}=${encode(String(value))}`).join("&")}` : "";
}

export class Api {
  constructor(config, credentials) {
    this.base = config.apiUrl.replace(/\/$/, "");
    this.client = new AwsClient({
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken || undefined,
      service: "execute-api",
      region: config.region,
    });
  }

  async call(method, path, { body, query, accept = "application/json" } = {}) {
    const init = { method, headers: { accept } };
    if (body !== undefined) {
      init.headers["content-type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await this.client.fetch(`${this.base}${path}${queryString(query)}`, init);
    } catch (error) {
      throw new ApiError(0, "unreachable", `The API could not be reached (${error.message}). Check your connection and try again.`);
    }
    const text = await response.text();
    if (!response.ok) {
      let parsed = null;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = null;
      }
      const detail = parsed?.error || {};
      throw new ApiError(
        response.status,
        detail.code || (response.status === 403 ? "forbidden" : `http-${response.status}`),
        detail.message || parsed?.message || text || response.statusText,
        parsed,
      );
    }
    if (accept !== "application/json") return { text, status: response.status };
    return { data: text ? JSON.parse(text) : null, status: response.status, location: response.headers.get("location") };
  }

  async get(path, query) {
    return (await this.call("GET", path, { query })).data;
  }

  async post(path, body = {}) {
    return this.call("POST", path, { body });
  }

  async text(path, query, accept) {
    return (await this.call("GET", path, { query, accept })).text;
  }

  /** Every page of a list (`key`: the list's field), following next_token. */
  async all(path, key, query = {}) {
    const items = [];
    let next_token;
    do {
      const page = await this.get(path, { ...query, next_token });
      items.push(...(page[key] || []));
      next_token = page.next_token;
    } while (next_token);
    return items;
  }
}

/** Wait for a job (issue 17's jobs: 202 with a Job) to finish, telling `onProgress` how far it is. */
export async function finished(api, job, onProgress, { everyMs = 1000 } = {}) {
  let current = job;
  while (current.status === "running") {
    onProgress?.(current);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
    current = await api.get(`/jobs/${encodeURIComponent(current.job_id)}`);
  }
  if (current.status === "failed") throw new ApiError(500, "job-failed", current.error || "the job failed");
  return current.result;
}
