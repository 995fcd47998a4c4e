// Synchronized replays of a turn's two episodes: one clock, one play/pause, one scrubber.
// Each side is drawn either in 3D (three.js, from the scene geometry and the per-step body poses
// the server computed with the simulator's kinematics) or as frames rendered by the server.
import { api } from './common.js';

/**
 * Whether the browser has WebGL, and whether it is fast: a GPU, not a software rasterizer
 * (SwiftShader, llvmpipe), which headless and GPU-less browsers fall back to. Replays default
 * to 3D only where it is fast; elsewhere the server's rendered frames are the better picture.
 */
export function probeWebGl() {
  const canvas = document.createElement('canvas');
  const gl = canvas.getContext('webgl2', { failIfMajorPerformanceCaveat: true })
    || document.createElement('canvas').getContext('webgl2');
  if (!gl) return { available: false, fast: false, software: false };
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  const software = /swiftshader|llvmpipe|softpipe|software/i.test(renderer);
  const caveat = !canvas.getContext('webgl2');
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return { available: true, fast: !software && !caveat, software };
}

const geometryCache = new Map();

function geometry(url) {
  if (!geometryCache.has(url)) {
    const p = api('GET', url);
    p.catch(() => geometryCache.delete(url));
    geometryCache.set(url, p);
  }
  return geometryCache.get(url);
}

/** Frames rendered by the server (the Java renderer), preloaded in order and drawn on a canvas. */
class FrameViewer {
  constructor(stage, replay, width, height) {
    this.replay = replay;
    this.width = width;
    this.height = height;
    this.images = new Array(replay.frame_count);
    this.pending = new Map();
    this.shown = -1;
    this.canvas = document.createElement('canvas');
    this.canvas.width = width;
    this.canvas.height = height;
    this.canvas.className = 'replay-canvas';
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', `Rendered replay of model ${replay.side === 'left' ? 'A' : 'B'}`);
    this.ctx = this.canvas.getContext('2d');
    stage.replaceChildren(this.canvas);
    this.next = 0;
    this.destroyed = false;
  }

  url(i) {
    return `/api/episodes/${encodeURIComponent(this.replay.episode_id)}/frames/${i}?width=${this.width}&height=${this.height}`;
  }

  load(i) {
    if (this.images[i] || this.pending.has(i)) return this.pending.get(i) || Promise.resolve();
    const img = new Image();
    img.decoding = 'async';
    const p = new Promise((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error(`Frame ${i} of model ${this.replay.side === 'left' ? 'A' : 'B'} could not be loaded`));
    }).then(() => {
      this.pending.delete(i);
      if (this.destroyed) return;
      this.images[i] = img;
      // A paused replay waiting for this step (a seek ahead of the preloading) draws it now.
      if (i === this.wanted && this.onArrival) this.onArrival(i);
    }, (e) => {
      this.pending.delete(i);
      throw e;
    });
    img.src = this.url(i);
    this.pending.set(i, p);
    return p;
  }

  /** Loads frames ahead of `from` in order, a few at a time. */
  prefetch(from) {
    const n = this.replay.frame_count;
    for (let k = 0; k < n && this.pending.size < 3; k++) {
      const i = (from + k) % n;
      if (!this.images[i] && !this.pending.has(i)) this.load(i).catch(() => {});
    }
  }

  async first() {
    await this.load(0);
    this.show(0);
    this.prefetch(1);
  }

  isReady(t) {
    return !!this.images[Math.floor(t)];
  }

  show(t) {
    const i = Math.floor(t);
    this.wanted = i;
    this.prefetch(i);
    if (!this.images[i]) {
      this.load(i).catch(() => {});
      return this.shown;
    }
    if (i !== this.shown) {
      this.ctx.drawImage(this.images[i], 0, 0, this.width, this.height);
      this.shown = i;
    }
    return i;
  }

  destroy() {
    this.destroyed = true;
    this.images = [];
  }
}

/** Two viewers, one clock. Figures carry data-state and data-frame (SPEC §7). */
export class ReplayController {
  constructor(ui) {
    this.ui = ui;
    this.viewers = { left: null, right: null };
    this.frameCount = 0;
    this.controlDt = 0.2;
    this.times = [];
    this.t = 0;
    this.playing = false;
    this.loadId = 0;
    this.lastTick = 0;
    this.state = 'loading';
    ui.play.addEventListener('click', () => this.toggle());
    ui.restart.addEventListener('click', () => this.restart());
    ui.scrub.addEventListener('input', () => {
      const to = Number(ui.scrub.value); // read first: pausing redraws the scrubber at the current step
      this.pause();
      this.seek(to);
    });
    ui.loop.addEventListener('change', () => {
      if (ui.loop.checked && this.state === 'ended') this.setState('paused');
    });
    this.frame = this.frame.bind(this);
  }

  get loaded() {
    return this.frameCount > 0 && this.state !== 'loading';
  }

  /** Loads a turn's two replays in `mode`; resolves once both show their first frame. */
  async load(turn, mode, threeModule, software = false) {
    const id = ++this.loadId;
    this.stopClock();
    this.playing = false;
    this.frameCount = 0;
    this.setState('loading');
    this.enableControls(false);
    for (const side of ['left', 'right']) delete this.ui.figures[side].dataset.episode;
    const started = performance.now();
    const [left, right] = await Promise.all([
      api('GET', `/api/episodes/${encodeURIComponent(turn.left_episode_id)}/replay`),
      api('GET', `/api/episodes/${encodeURIComponent(turn.right_episode_id)}/replay`),
    ]);
    if (id !== this.loadId) return false;
    const viewers = {};
    if (mode === '3d') {
      const geo = await geometry(left.geometry_url);
      const geoRight = right.geometry_url === left.geometry_url ? geo : await geometry(right.geometry_url);
      if (id !== this.loadId) return false;
      viewers.left = new threeModule.Viewer3D(this.ui.stages.left, geo, left, software);
      viewers.right = new threeModule.Viewer3D(this.ui.stages.right, geoRight, right, software);
      threeModule.linkCameras(viewers.left, viewers.right);
    } else {
      const width = frameWidth(this.ui.stages.left);
      viewers.left = new FrameViewer(this.ui.stages.left, left, width, Math.round(width * 3 / 4));
      viewers.right = new FrameViewer(this.ui.stages.right, right, width, Math.round(width * 3 / 4));
      for (const v of [viewers.left, viewers.right]) {
        v.onArrival = () => {
          if (!this.playing && this.viewers[v.replay.side] === v) this.render();
        };
      }
    }
    this.destroyViewers();
    this.viewers = viewers;
    await Promise.all([viewers.left.first(), viewers.right.first()]);
    if (id !== this.loadId) return false;
    const firstFrameMs = Math.round(performance.now() - started);
    this.frameCount = Math.max(left.frame_count, right.frame_count);
    this.times = left.times.length >= right.times.length ? left.times : right.times;
    this.controlDt = left.control_dt || right.control_dt || 0.2;
    this.t = 0;
    this.ui.scrub.max = String(this.frameCount - 1);
    for (const side of ['left', 'right']) {
      this.ui.figures[side].dataset.firstFrameMs = String(firstFrameMs);
      this.ui.figures[side].dataset.episode = (side === 'left' ? left : right).episode_id;
    }
    this.enableControls(true);
    this.render();
    this.setState('ready');
    return true;
  }

  enableControls(on) {
    for (const c of [this.ui.play, this.ui.restart, this.ui.scrub]) c.disabled = !on;
  }

  clear(message) {
    this.loadId++;
    this.stopClock();
    this.destroyViewers();
    this.frameCount = 0;
    for (const side of ['left', 'right']) {
      const p = document.createElement('p');
      p.className = 'placeholder';
      p.textContent = message(side);
      this.ui.stages[side].replaceChildren(p);
    }
    this.enableControls(false);
    this.setState('loading');
    this.ui.scrub.max = '0';
    this.ui.scrub.value = '0';
    this.ui.time.textContent = 'step 0 / 0 · 0.0 s';
    this.setFrameAttr(0, 0);
    for (const side of ['left', 'right']) delete this.ui.figures[side].dataset.episode;
  }

  destroyViewers() {
    for (const side of ['left', 'right']) this.viewers[side]?.destroy();
    this.viewers = { left: null, right: null };
  }

  toggle() {
    if (!this.loaded) return;
    if (this.playing) this.pause();
    else this.play();
  }

  play() {
    if (!this.loaded) return;
    if (this.t >= this.frameCount - 1) this.t = 0;
    this.playing = true;
    this.setState('playing');
    this.startClock();
  }

  pause() {
    if (!this.playing) return;
    this.playing = false;
    this.t = Math.floor(this.t);
    this.stopClock();
    this.render();
    this.setState('paused');
  }

  restart() {
    if (!this.loaded) return;
    this.t = 0;
    this.render();
    this.play();
  }

  step(delta) {
    if (!this.loaded) return;
    this.pause();
    this.seek(Math.floor(this.t) + delta);
  }

  seek(frame) {
    if (!this.loaded) return;
    this.t = Math.min(Math.max(0, Math.round(frame)), this.frameCount - 1);
    this.render();
    if (!this.playing) this.setState(this.t >= this.frameCount - 1 && !this.ui.loop.checked ? 'ended' : 'paused');
  }

  startClock() {
    if (this.raf) return;
    this.lastTick = performance.now();
    this.raf = requestAnimationFrame(this.frame);
  }

  stopClock() {
    if (this.raf) cancelAnimationFrame(this.raf);
    this.raf = 0;
  }

  frame(now) {
    this.raf = 0;
    if (!this.playing) return;
    const dt = Math.min(0.25, (now - this.lastTick) / 1000);
    this.lastTick = now;
    const last = this.frameCount - 1;
    // Frames that are still loading hold the clock, so both sides stay on the same step.
    const next = this.t + dt * Number(this.ui.speed.value) / this.controlDt;
    const target = Math.min(next, last);
    if (this.viewers.left.isReady(target) && this.viewers.right.isReady(target)) {
      this.t = next;
    }
    if (this.t >= last) {
      if (this.ui.loop.checked) {
        this.t = 0;
      } else {
        this.t = last;
        this.render();
        this.playing = false;
        this.setState('ended');
        return;
      }
    }
    this.render();
    this.raf = requestAnimationFrame(this.frame);
  }

  render() {
    const shownLeft = this.viewers.left?.show(this.t) ?? 0;
    const shownRight = this.viewers.right?.show(this.t) ?? 0;
    const step = Math.floor(this.t);
    this.ui.scrub.value = String(step);
    const time = this.times[step] ?? 0;
    this.ui.time.textContent = `step ${step} / ${Math.max(0, this.frameCount - 1)} · ${time.toFixed(1)} s`;
    this.ui.scrub.setAttribute('aria-valuetext', `step ${step} of ${this.frameCount - 1}, ${time.toFixed(1)} seconds`);
    this.setFrameAttr(shownLeft, shownRight);
  }

  setFrameAttr(left, right) {
    this.ui.figures.left.dataset.frame = String(left);
    this.ui.figures.right.dataset.frame = String(right);
  }

  setState(state) {
    this.state = state;
    this.ui.figures.left.dataset.state = state;
    this.ui.figures.right.dataset.state = state;
    const playing = state === 'playing';
    this.ui.play.classList.toggle('is-playing', playing);
    this.ui.play.setAttribute('aria-label', playing ? 'Pause' : 'Play');
  }
}

/** A frame width that fits the stage on this screen: 320 to 960 pixels, in steps of 160. */
function frameWidth(stage) {
  const css = stage.clientWidth || 480;
  const px = css * Math.min(2, window.devicePixelRatio || 1);
  return Math.min(960, Math.max(320, Math.round(px / 160) * 160));
}
