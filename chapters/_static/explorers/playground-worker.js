/*
 * The training playground's worker: trains a session (training.js) off the page's main thread,
 * so the page stays responsive however fast it trains.
 *
 * Messages from the page: {type: "reset", id, spec} starts a new session (spec as
 * actlabTraining.Session takes it); {type: "play"} trains until {type: "pause"};
 * {type: "step", count} trains `count` steps. The worker answers with snapshots
 * (Session.snapshot() plus the session's id and `final: true` after a pause or step): every
 * POST_EVERY ms while playing, and once after each pause or step; or {id, error}.
 */
/* global actlabTraining */
importScripts("activations.js", "training.js");

/** train in slices of this many ms, then let messages (a pause) in */
const SLICE_MS = 20;
/** post a snapshot this often while playing (ms) */
const POST_EVERY = 100;

let session = null, id = 0, playing = false, posted = 0;

function post(final) {
  const snapshot = session.snapshot();
  snapshot.id = id;
  snapshot.final = final;
  self.postMessage(snapshot);
}

function slice() {
  if (!playing) return;
  const start = performance.now();
  while (performance.now() - start < SLICE_MS) session.train(1);
  if (performance.now() - posted > POST_EVERY) {
    post(false);
    posted = performance.now();
  }
  setTimeout(slice, 0);
}

self.onmessage = function (event) {
  const message = event.data;
  try {
    if (message.type === "reset") {
      playing = false;
      id = message.id;
      session = new actlabTraining.Session(message.spec);
    } else if (message.type === "play") {
      if (!playing) { playing = true; posted = performance.now(); slice(); }
    } else if (message.type === "pause") {
      playing = false;
      post(true);
    } else if (message.type === "step") {
      session.train(message.count);
      post(true);
    }
  } catch (error) {
    playing = false;
    self.postMessage({ id: id, error: String(error && error.message || error) });
  }
};
