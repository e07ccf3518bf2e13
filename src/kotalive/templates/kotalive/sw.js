{% autoescape off %}/* KotaLive service worker: keeps the app shell and an offline page, nothing personal.
   Pages are always fetched from the network (they may hold personal data and must be fresh);
   only when the network fails does the cached offline page answer. */
"use strict";
const CACHE = {{ cache_name }};
const PRECACHE = {{ precache }};
const STATIC_PREFIX = {{ static_prefix }};
const OFFLINE_URL = "/offline/";

// Reports written offline wait in IndexedDB (complaints/outbox.js); Background Sync sends them
// when the connection is back, each with its own Idempotency-Key, so one report makes one case.
importScripts({{ outbox_script }});
self.addEventListener("sync", (event) => {
  if (self.laksaOutbox && event.tag === self.laksaOutbox.SYNC_TAG) {
    event.waitUntil(self.laksaOutbox.flush());
  }
});

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

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // API answers and everything else not listed here go straight to the network, uncached.
  if (url.pathname.startsWith("/api/")) return;
  if (request.mode === "navigate") {
    const network = fetch(request);
    event.respondWith(network.catch(offlineFallback));
    event.waitUntil(
      network.then((response) => refreshOfflinePage(response.headers.get("Content-Language")))
        .catch(() => undefined)
    );
    return;
  }
  if (url.pathname.startsWith(STATIC_PREFIX)) {
    event.respondWith(fromCacheFirst(request));
  }
});
{% endautoescape %}
