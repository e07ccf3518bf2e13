{% autoescape off %}/* KotaLive service worker: keeps the app shell, an offline page and the pages that must open
   without a connection (the drafts list, the emergency menus with their call buttons; the home page,
   the report form and "my reports" as last seen). Pages are always fetched from the network first
   (they may hold personal data and must be fresh); only when the network fails does a kept copy or
   the offline page answer. Kept copies of personal pages are dropped when someone signs in or out. */
"use strict";
const CACHE = {{ cache_name }};
const PRECACHE = {{ precache }};
const STATIC_PREFIX = {{ static_prefix }};
const OFFLINE_URL = "/offline/";

// Pages kept as last seen when visited (personal: dropped on sign-in and sign-out).
const PAGES = {{ pages }};
const PAGES_CACHE = "kotalive-pages";
// Public pages and their files kept for offline, fetched on the first page view the worker
// controls (not at install, so that the first visit stays light).
const EXTRAS = {{ extras }};
const SIGN_IN_OUT = {{ sign_in_out }};
const SIGN_OUT = {{ sign_out }};

// Reports written offline wait in IndexedDB (complaints/outbox.js, on kotalive/outbox-store.js);
// it sends them here on Background Sync or when a page asks, each with its own Idempotency-Key:
// one report, one case.
importScripts({{ store_script }}, {{ outbox_script }});

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: "reload" }))))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(
        keys.filter((key) => key.startsWith("kotalive-") && key !== CACHE).map((key) => caches.delete(key))
      ))
      .then(() => self.clients.claim())
  );
});

// The offline page follows the language the resident reads in: LocaleMiddleware sends
// Content-Language, and when it differs from the cached copy's, the copy is refreshed.
async function refreshOfflinePage(language) {
  if (!language) return;
  const cache = await caches.open(CACHE);
  const cached = await cache.match(OFFLINE_URL);
  if (cached && cached.headers.get("Content-Language") === language) return;
  const response = await fetch(OFFLINE_URL, { cache: "no-store", credentials: "same-origin" });
  if (response.ok) await cache.put(OFFLINE_URL, response);
}

async function offlineFallback() {
  const cache = await caches.open(CACHE);
  return (await cache.match(OFFLINE_URL)) || Response.error();
}

async function fromCacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  // Static files are public; keep good same-origin copies for the next visit.
  if (response.ok && response.type === "basic") cache.put(request, response.clone());
  return response;
}

async function keepOne(cache, url) {
  if (await cache.match(url)) return;
  try {
    const response = await fetch(url, { credentials: "same-origin" });
    if (response.ok && !response.redirected) await cache.put(url, response);
  } catch (error) { /* tried again on a later page view */ }
}

let keeping = null;
function keepExtras() {
  // One run at a time, one file at a time: a phone on a weak connection is not flooded.
  if (!keeping) {
    keeping = (async () => {
      // The home page (its 112 and ambulance call buttons) is kept even when the first visit,
      // before the worker ran, was the only one.
      await keepOne(await caches.open(PAGES_CACHE), "/");
      const cache = await caches.open(CACHE);
      for (const url of EXTRAS) await keepOne(cache, url);
    })().finally(() => { keeping = null; });
  }
  return keeping;
}

async function pageOrFallback(request, network) {
  const url = new URL(request.url);
  try {
    const response = await network;
    if (response.ok && !response.redirected && PAGES.includes(url.pathname)) {
      const copy = response.clone();
      await (await caches.open(PAGES_CACHE)).put(url.pathname, copy);
    }
    return response;
  } catch (error) {
    const kept = (await (await caches.open(PAGES_CACHE)).match(url.pathname))
      || (await (await caches.open(CACHE)).match(url.pathname));
    return kept || offlineFallback();
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== "GET") {
    // Someone else may use the phone next: their pages are not kept for them.
    if (SIGN_IN_OUT.includes(url.pathname)) event.waitUntil(caches.delete(PAGES_CACHE));
    // Reports still waiting would be sent under the next person's account: they go on sign-out.
    // So would the application answers kept offline (applications/offline.js).
    if (SIGN_OUT.includes(url.pathname)) {
      event.waitUntil(Promise.all([self.laksaOutbox.forget(), self.kotaliveStore.forgetAll()]));
    }
    return;
  }
  // API answers and everything else not listed here go straight to the network, uncached.
  if (url.pathname.startsWith("/api/")) return;
  if (request.mode === "navigate") {
    const network = fetch(request);
    event.respondWith(pageOrFallback(request, network));
    event.waitUntil(
      network.then((response) => refreshOfflinePage(response.headers.get("Content-Language")))
        .then(keepExtras)
        .catch(() => undefined)
    );
    return;
  }
  if (url.pathname.startsWith(STATIC_PREFIX)) {
    event.respondWith(fromCacheFirst(request));
  }
});
{% endautoescape %}
