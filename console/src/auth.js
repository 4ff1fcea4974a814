// Who is signed in, and the AWS credentials the console signs with.
//
// Locally (config auth.mode "local") the console signs with the local stack's own credentials, as the
// local DPO; "signing in" only says so. In AWS (mode "cognito") the DPO signs in at the council's Cognito
// hosted UI (the authorization-code flow with PKCE, RFC 7636: MFA is required there), the id token is
// exchanged at the identity pool for temporary credentials of the DPO's role (GetId, then
// GetCredentialsForIdentity: plain JSON POSTs, unsigned), and every API call is signed with those.
// Nothing is kept beyond the browser tab's session storage.

const KEY = "dpo-console-session";
const PKCE = "dpo-console-pkce";

function base64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
}

function randomText(bytes = 32) {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

function stored() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) || "null");
  } catch {
    return null;
  }
}

/** The signed-in session ({person, credentials}), or null when nobody is signed in or it expired. */
export function currentSession(config) {
  const session = stored();
  if (!session || session.mode !== config.auth.mode) return null;
  if (session.mode === "local") {
    const { accessKeyId, secretAccessKey, sessionToken, person } = config.auth;
    return { person, credentials: { accessKeyId, secretAccessKey, sessionToken } };
  }
  if (Date.parse(session.expiration) - Date.now() < 60_000) return null;
  return session;
}

export async function signIn(config) {
  if (config.auth.mode === "local") {
    sessionStorage.setItem(KEY, JSON.stringify({ mode: "local" }));
    return;
  }
  const verifier = randomText(48);
  const state = randomText(16);
  const challenge = base64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  sessionStorage.setItem(PKCE, JSON.stringify({ verifier, state }));
  const { hostedUiDomain, userPoolClientId, redirectUri } = config.auth;
  const query = new URLSearchParams({
    response_type: "code",
    client_id: userPoolClientId,
    redirect_uri: redirectUri,
    scope: "openid email",
    state,
    code_challenge_method: "S256",
    code_challenge: challenge,
  });
  window.location.assign(`${hostedUiDomain}/oauth2/authorize?${query}`);
}

export function signOut(config) {
  sessionStorage.removeItem(KEY);
  if (config.auth.mode === "cognito") {
    const { hostedUiDomain, userPoolClientId, redirectUri } = config.auth;
    const query = new URLSearchParams({ client_id: userPoolClientId, logout_uri: redirectUri });
    window.location.assign(`${hostedUiDomain}/logout?${query}`);
  }
}

async function identityCall(region, target, body) {
  const response = await fetch(`https://cognito-identity.${region}.amazonaws.com/`, {
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `AWSCognitoIdentityService.${target}` },
    body: JSON.stringify(body),
  });
  const answer = await response.json();
  if (!response.ok) throw new Error(answer.message || answer.__type || `${target} failed`);
  return answer;
}

function claims(jwt) {
  const payload = jwt.split(".")[1].replaceAll("-", "+").replaceAll("_", "/");
  return JSON.parse(atob(payload.padEnd(payload.length + ((4 - (payload.length % 4)) % 4), "=")));
}

/** On the way back from the hosted UI (?code=...&state=...): finish signing in; true when it did. */
export async function completeSignIn(config) {
  const url = new URL(window.location.href);
  const code = url.searchParams.get("code");
  if (config.auth.mode !== "cognito" || !code) return false;
  const pkce = JSON.parse(sessionStorage.getItem(PKCE) || "null");
  sessionStorage.removeItem(PKCE);
  window.history.replaceState(null, "", `${url.origin}${url.pathname}#/today`);
  if (!pkce || pkce.state !== url.searchParams.get("state")) throw new Error("The sign-in could not be checked (its state did not match): sign in again.");
  const { hostedUiDomain, userPoolClientId, redirectUri, userPoolId, identityPoolId } = config.auth;
  const tokenResponse = await fetch(`${hostedUiDomain}/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      client_id: userPoolClientId,
      code,
      redirect_uri: redirectUri,
      code_verifier: pkce.verifier,
    }),
  });
  const tokens = await tokenResponse.json();
  if (!tokenResponse.ok) throw new Error(tokens.error || "the sign-in was refused");
  const logins = { [`cognito-idp.${config.region}.amazonaws.com/${userPoolId}`]: tokens.id_token };
  const { IdentityId } = await identityCall(config.region, "GetId", { IdentityPoolId: identityPoolId, Logins: logins });
  const { Credentials } = await identityCall(config.region, "GetCredentialsForIdentity", { IdentityId, Logins: logins });
  const who = claims(tokens.id_token);
  sessionStorage.setItem(
    KEY,
    JSON.stringify({
      mode: "cognito",
      person: who.email || who["cognito:username"] || who.sub,
      expiration: new Date(Credentials.Expiration * 1000).toISOString(),
      credentials: {
        accessKeyId: Credentials.AccessKeyId,
        secretAccessKey: Credentials.SecretKey,
        sessionToken: Credentials.SessionToken,
      },
    }),
  );
  return true;
}
