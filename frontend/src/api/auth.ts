// The bearer token source and the "signed out" signal, set by the active
// sign-in mode (development sign-in or Clerk) and read by the API client.
type TokenSource = () => Promise<string | null>;

let tokenSource: TokenSource = async () => null;
let unauthorizedHandler: () => void = () => {};

export function setTokenSource(source: TokenSource): void {
  tokenSource = source;
}

export function setUnauthorizedHandler(handler: () => void): void {
  unauthorizedHandler = handler;
}

export function getToken(): Promise<string | null> {
  return tokenSource();
}

export function notifyUnauthorized(): void {
  unauthorizedHandler();
}
