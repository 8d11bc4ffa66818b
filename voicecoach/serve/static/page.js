// The player page: sessions from episodes.json, an audio player with a chapter list that
// seeks, the transcript (the episode's WebVTT) highlighted as it plays, Media Session
// metadata and chapter actions for the lock screen. Plain JavaScript, no build step.
"use strict";

const $ = (id) => document.getElementById(id);
const audio = $("audio");
let show = null;      // episodes.json
let current = null;   // the episode in the player
let cues = [];        // its transcript: {start, end, text, li}

function el(tag, text, attrs) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  Object.assign(node, attrs || {});
  return node;
}

function clock(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const mm = String(Math.floor(s / 60) % 60).padStart(2, "0");
  const ss = String(s % 60).padStart(2, "0");
  return s >= 3600 ? `${Math.floor(s / 3600)}:${mm}:${ss}` : `${Math.floor(s / 60)}:${ss}`;
}

// WebVTT cues ("00:00:01.500 --> 00:00:07.250" then the text): seconds and text.
function parseVtt(text) {
  const seconds = (t) => t.split(":").reduce((acc, part) => acc * 60 + parseFloat(part), 0);
  return text.split(/\r?\n\r?\n/).map((block) => block.split(/\r?\n/))
    .filter((lines) => lines.length > 1 && lines[0].includes("-->"))
    .map((lines) => {
      const [start, end] = lines[0].split("-->").map((t) => seconds(t.trim()));
      return { start, end, text: lines.slice(1).join(" ") };
    });
}

function chapterAt(t) {
  const chapters = current ? current.chapters : [];
  let at = -1;
  chapters.forEach((c, i) => { if (c.start <= t + 0.05) at = i; });
  return at;
}

function seek(t) {
  audio.currentTime = Math.max(0, t);
  if (audio.paused) audio.play().catch(() => {});
}

function mark(list, index) {
  Array.from(list.children).forEach((li, i) => {
    const now = i === index;
    if (now !== li.classList.contains("now")) {
      li.classList.toggle("now", now);
      if (now) {
        li.setAttribute("aria-current", "true");
        const box = list.getBoundingClientRect(), at = li.getBoundingClientRect();
        if (at.top < box.top || at.bottom > box.bottom) list.scrollTop += at.top - box.top;
      } else {
        li.removeAttribute("aria-current");
      }
    }
  });
}

function follow() {
  const t = audio.currentTime;
  mark($("chapters"), chapterAt(t));
  mark($("transcript"), cues.findIndex((c) => c.start <= t && t < c.end));
  if ("mediaSession" in navigator && navigator.mediaSession.setPositionState &&
      isFinite(audio.duration)) {
    try {
      navigator.mediaSession.setPositionState({ duration: audio.duration,
        playbackRate: audio.playbackRate, position: Math.min(t, audio.duration) });
    } catch (e) { /* a position the browser refuses: skip it */ }
  }
}

function mediaSession(ep) {
  if (!("mediaSession" in navigator)) return;
  const ms = navigator.mediaSession;
  ms.metadata = new MediaMetadata({
    title: ep.title, artist: "voicecoach", album: show.title,
    artwork: show.artwork ? [{ src: show.artwork, sizes: "1400x1400", type: "image/png" }] : [],
  });
  const handlers = {
    play: () => audio.play(),
    pause: () => audio.pause(),
    previoustrack: () => {   // back to this exercise's start, or the one before just after it
      const i = chapterAt(audio.currentTime);
      const start = i >= 0 ? current.chapters[i].start : 0;
      const back = audio.currentTime - start < 3 && i > 0 ? current.chapters[i - 1].start : start;
      seek(back);
    },
    nexttrack: () => {
      const next = current.chapters[chapterAt(audio.currentTime) + 1];
      if (next) seek(next.start);
    },
    seekbackward: (d) => seek(audio.currentTime - (d.seekOffset || 10)),
    seekforward: (d) => seek(audio.currentTime + (d.seekOffset || 10)),
    seekto: (d) => seek(d.seekTime),
  };
  window.mediaActions = handlers;   // what the lock screen calls, for the page's tests
  for (const [action, handler] of Object.entries(handlers)) {
    try { ms.setActionHandler(action, handler); } catch (e) { /* not supported here */ }
  }
}

async function load(ep) {
  current = ep;
  $("player").hidden = false;
  $("playing").textContent = `${ep.number}. ${ep.title} (${ep.length})`;
  audio.src = ep.audio;
  const chapters = $("chapters");
  chapters.replaceChildren(...ep.chapters.map((c) => {
    const li = el("li");
    li.append(el("button", `${clock(c.start)}  ${c.title}`, {
      type: "button", onclick: () => seek(c.start) }));
    return li;
  }));
  mediaSession(ep);
  const transcript = $("transcript");
  transcript.replaceChildren();
  cues = [];
  try {
    const response = await fetch(ep.transcript, { cache: "no-cache" });
    cues = parseVtt(await response.text());
  } catch (e) { cues = []; }
  transcript.replaceChildren(...cues.map((c) => {
    const li = el("li", c.text);
    li.dataset.start = c.start;
    li.onclick = () => seek(c.start);
    return li;
  }));
  follow();
}

function episodeItem(ep) {
  const li = el("li");
  li.append(el("strong", `${ep.title}`), document.createTextNode(` · ${ep.length}`));
  li.append(el("p", ep.chapters.map((c) => c.title).join(" · "), { className: "exercises" }));
  const play = el("button", "Play", { type: "button", className: "play" });
  play.onclick = () => load(ep).then(() => audio.play().catch(() => {}));
  const name = ep.audio.split("/").pop();
  li.append(play, el("a", "Download MP3", { href: ep.audio, download: name }),
            document.createTextNode(` (${(ep.size / 1e6).toFixed(1)} MB) · `),
            el("a", "transcript", { href: ep.transcript, download: "" }));
  return li;
}

// A program: the session due, this week and the streak, each growing exercise's values
// (a text sparkline each) and the chart drawn on the computer, when there is one.
function standingItem(p) {
  const div = el("div", null, { className: "standing" });
  if (p.next) div.append(el("p", p.next, { className: "next" }));
  div.append(el("p", p.streak, { className: "streak" }));
  if (p.values.length) {
    div.append(el("ul", null, { className: "values" }));
    div.lastChild.append(...p.values.map((v) => el("li", v)));
  }
  if (p.chart) div.append(el("img", null, { src: p.chart, alt: `${p.name}: progress chart`,
                                            className: "chart" }));
  return div;
}

function copyFeed() {
  const input = $("feed");
  input.select();
  // navigator.clipboard needs a secure origin, which a LAN page is not
  try { document.execCommand("copy"); $("copy").textContent = "Copied"; } catch (e) { /* select */ }
}

const RETRY_MS = 5000;   // the computer did not answer: asked again this often

async function refresh() {
  try {
    const response = await fetch("episodes.json", { cache: "no-cache" });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    show = await response.json();
  } catch (e) {
    $("error").hidden = false;
    $("error").textContent = "The computer does not answer (is voicecoach serve still " +
      "running?); trying again…";
    setTimeout(refresh, RETRY_MS);
    return;
  }
  document.title = show.title;
  $("title").textContent = show.title;
  $("description").textContent = show.description === show.title ? "" : show.description;
  $("error").hidden = !show.error;
  $("error").textContent = show.error ? `The routine could not be read: ${show.error}. ` +
    "These are the last good sessions." : "";
  $("episodes").replaceChildren(...show.episodes.map(episodeItem));
  $("program").hidden = !show.program.length;
  $("standing").replaceChildren(...show.program.map(standingItem));
  $("feed").value = show.feed;
  $("apple").href = show.feed.replace(/^https?:\/\//, "podcast://");
  if (!current && show.episodes.length) await load(show.episodes[0]);
}

audio.addEventListener("timeupdate", follow);
audio.addEventListener("seeked", follow);
$("copy").onclick = copyFeed;
refresh();
