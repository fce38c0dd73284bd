// Scoped Store's browser client: one EventSource per tab, carrying every subscription.
// No dependencies. Protocol: docs/web.md.
//
//   import { subscribe, set, accumulate, remove } from "/scoped-store/scoped-store.js";
//   subscribe("poll", "votes", (value, version) => render(value));
//   accumulate("poll", "votes", 1);

const base = new URL(".", import.meta.url).pathname.replace(/\/$/, "");
const listeners = new Map();   // "scope/key" -> Set of callbacks
const shown = new Map();       // "scope/key" -> { version, value }
const writes = new Map();      // "scope/key" -> the last request's promise, to keep their order
let source = null;
let stream = null;
let backoff = 500;
let ready = null;

function name(scope, key) {
  return scope + "/" + key;
}

function open() {
  let resolveReady;
  ready = new Promise((resolve) => { resolveReady = resolve; });
  source = new EventSource(base + "/stream");
  source.addEventListener("hello", (e) => {
    const hello = JSON.parse(e.data);
    const resumed = hello.resumed && hello.stream === stream;
    stream = hello.stream;
    backoff = 500;
    if (!hello.replayed) {
      shown.clear();   // fresh snapshots follow: take them whatever their version (a deletion meanwhile)
    }
    resolveReady();
    if (!resumed) {
      for (const n of listeners.keys()) {
        const slash = n.lastIndexOf("/");
        post("subscribe", { scope: n.slice(0, slash), key: n.slice(slash + 1) });
      }
    }
  });
  source.addEventListener("state", (e) => {
    const event = JSON.parse(e.data);
    const last = shown.get(event.name);
    if (last && event.version < last.version) {
      return;   // never go backwards
    }
    if (last && event.version === last.version && !event.deleted) {
      return;
    }
    shown.set(event.name, { version: event.version, value: event.value });
    for (const callback of listeners.get(event.name) || []) {
      callback(event.value, event.version, event);
    }
  });
  source.onerror = () => {
    if (source.readyState === EventSource.CLOSED) {
      // the browser gave up: open again, backing off up to 30 s
      setTimeout(open, backoff);
      backoff = Math.min(backoff * 2, 30000);
    }
  };
}

async function post(what, body, headers = {}) {
  if (!source) {
    open();
  }
  await ready;
  const response = await fetch(base + "/" + what, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-Scoped-Store": "1", ...headers },
    body: JSON.stringify({ stream, ...body }),
  });
  if (response.status === 412) {
    const current = await response.json();
    const error = new Error("version conflict: the state is at version " + current.version);
    error.current = current;
    throw error;
  }
  if (!response.ok) {
    throw new Error(response.status + " " + (await response.text()).trim());
  }
  return response.status === 204 ? null : response.json();
}

// a tab's requests about one state (subscriptions and writes) reach the server in the order called
function inOrder(scope, key, write) {
  const n = name(scope, key);
  const next = (writes.get(n) || Promise.resolve()).catch(() => {}).then(write);
  writes.set(n, next);
  return next;
}

/** Calls onValue(value, version) with the state's value now and after every change. */
export function subscribe(scope, key, onValue) {
  const n = name(scope, key);
  let set = listeners.get(n);
  const first = !set;
  if (first) {
    set = new Set();
    listeners.set(n, set);
  }
  set.add(onValue);
  if (first) {
    inOrder(scope, key, () => post("subscribe", { scope, key }))
      .catch((e) => console.error("scoped-store:", e.message));
  } else if (shown.has(n)) {
    onValue(shown.get(n).value, shown.get(n).version);
  }
  return () => {
    set.delete(onValue);
    if (set.size === 0) {
      listeners.delete(n);
      shown.delete(n);
      inOrder(scope, key, () => post("unsubscribe", { scope, key })).catch(() => {});
    }
  };
}

/** Sets the value; with { ifVersion } only if the state is still at that version (else throws). */
export function set(scope, key, value, options = {}) {
  const headers = options.ifVersion === undefined ? {} : { "If-Match": String(options.ifVersion) };
  return inOrder(scope, key, () => post("set", { scope, key, value }, headers));
}

/** Adds x to an equation state; resolves to { version, value }. */
export function accumulate(scope, key, x) {
  return inOrder(scope, key, () => post("accumulate", { scope, key, value: x }));
}

/** Deletes the state. */
export function remove(scope, key) {
  return inOrder(scope, key, () => post("delete", { scope, key }));
}

export { remove as delete };
