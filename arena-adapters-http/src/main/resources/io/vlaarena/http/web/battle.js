// The battle page: pick robot and scene, play turns, watch both replays in sync, vote, see the reveal.
import { api, ApiError, el, fillSelect, label, showError, typingIn } from './common.js';
import { probeWebGl, ReplayController } from './replay.js';

const SESSION_KEY = 'vla-arena.session';
const MODE_KEY = 'vla-arena.view';
const VOTE_LABELS = {
  left_better: 'A is better', right_better: 'B is better', tie: 'a tie', both_bad: 'both bad',
};

const $ = (id) => document.getElementById(id);
const ui = {
  robot: $('robot'), scene: $('scene'), newBattle: $('new-battle'), meta: $('battle-meta'),
  form: $('turn-form'), instruction: $('instruction'), playTurn: $('play-turn'),
  progress: $('turn-progress'), progressText: $('progress-text'), tabs: $('turn-tabs'),
  mode3d: $('mode-3d'), modeFrames: $('mode-frames'), hint: $('replay-hint'),
  progressLeft: $('progress-left'), progressRight: $('progress-right'), feedback: $('feedback'),
  feedbackCount: $('feedback-count'), voteHelp: $('vote-help'), voteButtons: [...document.querySelectorAll('[data-vote]')],
  reveal: $('reveal'), revealText: $('reveal-text'), revealNew: $('reveal-new-battle'),
  revealedLeft: $('revealed-left'), revealedRight: $('revealed-right'),
  history: $('history'), historyEmpty: $('history-empty'),
};

const replays = new ReplayController({
  figures: { left: $('replay-left'), right: $('replay-right') },
  stages: { left: $('stage-left'), right: $('stage-right') },
  play: $('replay-play'), restart: $('replay-restart'), scrub: $('replay-scrub'), time: $('replay-time'),
  loop: $('replay-loop'), speed: $('replay-speed'),
});

const state = {
  catalog: null,
  sessionId: null,
  session: null, // {robot_id, scene_id}
  battles: [], // the session's battles, as GET /api/sessions/{id} lists them
  battle: null, // the current battle
  turn: -1, // the index of the turn shown
  busy: false,
  webgl: { available: false, fast: false, software: false },
  mode: 'frames',
  three: null,
};

function storedSession() {
  try {
    return localStorage.getItem(SESSION_KEY);
  } catch (e) {
    return null;
  }
}

function remember(key, value) {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch (e) {
    // private browsing: nothing is remembered, everything else works
  }
}

// ---- replay mode: 3D where the browser has WebGL, else the server's rendered frames -------------

function chooseMode() {
  state.webgl = probeWebGl();
  const asked = new URLSearchParams(location.search).get('view');
  let stored = null;
  try {
    stored = localStorage.getItem(MODE_KEY);
  } catch (e) {
    stored = null;
  }
  const wanted = asked || stored;
  if (wanted === 'frames' || !state.webgl.available) state.mode = 'frames';
  else if (wanted === '3d') state.mode = '3d';
  else state.mode = state.webgl.fast ? '3d' : 'frames';
  ui.mode3d.disabled = !state.webgl.available;
  if (!state.webgl.available) ui.mode3d.title = 'This browser has no WebGL: replays are rendered by the server';
  updateModeButtons();
}

function updateModeButtons() {
  ui.mode3d.setAttribute('aria-pressed', String(state.mode === '3d'));
  ui.modeFrames.setAttribute('aria-pressed', String(state.mode === 'frames'));
  ui.hint.textContent = state.mode === '3d'
    ? 'Replays run at the simulation\u2019s own pace. Drag a view to orbit (both follow), scroll or pinch to zoom.'
    : 'Replays run at the simulation\u2019s own pace, as frames rendered by the arena\u2019s simulator.';
}

async function threeModule() {
  if (!state.three) state.three = import('./viewer3d.js');
  return state.three;
}

async function setMode(mode) {
  if (mode === state.mode) return;
  state.mode = mode;
  remember(MODE_KEY, mode);
  updateModeButtons();
  if (state.battle && state.turn >= 0) await showTurn(state.turn, false);
}

// ---- catalog, session and battles ------------------------------------------------------------

async function loadCatalog() {
  state.catalog = await api('GET', '/api/scenes');
  const robots = state.catalog.robots.map((r) => r.robot_id);
  const scenes = state.catalog.scenes.map((s) => s.scene_id);
  fillSelect(ui.robot, robots, state.catalog.default_robot, label);
  fillSelect(ui.scene, scenes, state.catalog.default_scene, label);
}

async function restoreSession() {
  const id = storedSession();
  if (!id) return;
  try {
    const s = await api('GET', `/api/sessions/${encodeURIComponent(id)}`);
    state.sessionId = id;
    applySession(s);
    const current = state.battles[state.battles.length - 1];
    if (current) await openBattle(current.battle_id, false);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) remember(SESSION_KEY, null);
    else throw e;
  }
}

function applySession(s) {
  state.session = { robot_id: s.robot_id, scene_id: s.scene_id };
  state.battles = s.battles;
  if ([...ui.robot.options].some((o) => o.value === s.robot_id)) ui.robot.value = s.robot_id;
  if ([...ui.scene.options].some((o) => o.value === s.scene_id)) ui.scene.value = s.scene_id;
  renderHistory();
}

async function refreshSession() {
  if (!state.sessionId) return;
  const s = await api('GET', `/api/sessions/${encodeURIComponent(state.sessionId)}`);
  applySession(s);
}

function sameSetup() {
  return state.session && state.session.robot_id === ui.robot.value && state.session.scene_id === ui.scene.value;
}

/** Starts a battle: the next one of this session, or a new session when robot or scene changed. */
async function startBattle() {
  let started;
  if (state.sessionId && sameSetup()) {
    started = await api('POST', `/api/sessions/${encodeURIComponent(state.sessionId)}/battles`);
  } else {
    started = await api('POST', '/api/sessions/init', { robot_id: ui.robot.value, scene_id: ui.scene.value });
    state.sessionId = started.session_id;
    remember(SESSION_KEY, started.session_id);
  }
  state.session = { robot_id: started.robot_id, scene_id: started.scene_id };
  state.battle = { battle_id: started.battle_id, seq: 0, turns: [], voted: false };
  state.turn = -1;
  await refreshSession();
  const listed = state.battles.find((b) => b.battle_id === started.battle_id);
  if (listed) state.battle = listed;
  resetBattleView();
  return state.battle;
}

async function openBattle(battleId, play) {
  const battle = state.battles.find((b) => b.battle_id === battleId);
  if (!battle) return;
  state.battle = battle;
  state.turn = -1;
  resetBattleView();
  if (battle.turns.length > 0) await showTurn(battle.turns.length - 1, play);
}

function resetBattleView() {
  replays.clear((side) => `Model ${side === 'left' ? 'A' : 'B'}\u2019s attempt appears here.`);
  ui.progressLeft.value = '';
  ui.progressRight.value = '';
  ui.feedback.value = '';
  updateFeedbackCount();
  renderTabs();
  renderBattle();
}

// ---- rendering -----------------------------------------------------------------------------------

function renderBattle() {
  const b = state.battle;
  const hasTurns = !!b && b.turns.length > 0;
  const voted = !!b && b.voted;
  for (const button of ui.voteButtons) button.disabled = !hasTurns || voted || state.busy;
  for (const f of [ui.progressLeft, ui.progressRight, ui.feedback]) f.disabled = voted || state.busy;
  ui.instruction.disabled = voted || state.busy;
  ui.playTurn.disabled = voted || state.busy;
  ui.newBattle.disabled = state.busy;
  const locked = state.busy || (hasTurns && !voted);
  ui.robot.disabled = locked;
  ui.scene.disabled = locked;
  const lockTitle = locked && !state.busy ? 'Vote or start a new battle to change the robot or scene' : '';
  ui.robot.title = lockTitle;
  ui.scene.title = lockTitle;
  if (!b) {
    ui.meta.textContent = 'Pick a robot and a scene, then give an instruction.';
  } else {
    const n = b.turns.length;
    ui.meta.textContent = `Battle ${b.seq + 1} of your session \u00b7 ${label(state.session.robot_id)} in ${label(state.session.scene_id)}`
      + ` \u00b7 ${n === 0 ? 'no turns yet' : n === 1 ? '1 turn' : `${n} turns`}${voted ? ' \u00b7 voted' : ''}`;
  }
  ui.voteHelp.textContent = voted ? 'This battle has been voted on. Start a new battle to keep playing.'
    : hasTurns ? 'Vote when you have seen enough; you may play more turns first.'
      : 'Play at least one turn, then vote. You can play several turns before voting.';
  if (voted && b.revealed_models) {
    ui.revealedLeft.textContent = b.revealed_models.left;
    ui.revealedRight.textContent = b.revealed_models.right;
    ui.revealedLeft.hidden = false;
    ui.revealedRight.hidden = false;
    ui.revealText.replaceChildren(
      'You voted ', el('strong', { text: VOTE_LABELS[b.vote] || b.vote }), '. Model A was ',
      el('strong', { class: 'model-a', text: b.revealed_models.left }), ' and model B was ',
      el('strong', { class: 'model-b', text: b.revealed_models.right }), '.');
    ui.reveal.hidden = false;
  } else {
    ui.revealedLeft.hidden = true;
    ui.revealedRight.hidden = true;
    ui.reveal.hidden = true;
  }
}

function renderTabs() {
  const b = state.battle;
  const turns = b ? b.turns : [];
  ui.tabs.replaceChildren(...turns.map((t, i) => el('button', {
    type: 'button', role: 'tab', class: 'tab', 'aria-selected': String(i === state.turn),
    title: t.instruction, onclick: () => showTurn(i, true).catch(report),
  }, el('span', { class: 'tab-n', text: `Turn ${i + 1}` }), el('span', { class: 'tab-text', text: t.instruction }))));
  if (turns.length === 0) ui.tabs.append(el('span', { class: 'muted', text: 'No turns yet' }));
}

function renderHistory() {
  ui.historyEmpty.hidden = state.battles.length > 0;
  ui.history.replaceChildren(...state.battles.slice().reverse().map((b) => {
    const n = b.turns.length;
    const verdict = b.voted ? `voted ${VOTE_LABELS[b.vote] || b.vote}` : 'not voted yet';
    const models = b.revealed_models ? ` \u00b7 A: ${b.revealed_models.left}, B: ${b.revealed_models.right}` : '';
    const current = state.battle && state.battle.battle_id === b.battle_id;
    return el('li', { class: current ? 'current' : '' },
      el('button', {
        type: 'button', class: 'link', disabled: n === 0 && !current ? true : undefined,
        'aria-current': current ? 'true' : undefined,
        onclick: () => openBattle(b.battle_id, false).then(renderHistory).catch(report),
      }, `Battle ${b.seq + 1}`),
      el('span', { class: 'muted', text: ` \u00b7 ${n === 1 ? '1 turn' : `${n} turns`} \u00b7 ${verdict}${models}` }),
      n > 0 ? el('span', { class: 'history-turns', text: b.turns.map((t) => `\u201c${t.instruction}\u201d`).join(', ') }) : null);
  }));
}

function updateFeedbackCount() {
  ui.feedbackCount.textContent = `${[...ui.feedback.value].length} / 2000`;
}

// ---- actions -----------------------------------------------------------------------------------

function report(e) {
  showError(e instanceof ApiError ? e.detail : `Something went wrong in the page: ${e.message}`);
  if (!(e instanceof ApiError)) console.warn(e);
}

async function showTurn(index, play) {
  state.turn = index;
  renderTabs();
  const turn = state.battle.turns[index];
  let three = null;
  if (state.mode === '3d') {
    try {
      three = await threeModule();
    } catch (e) {
      state.mode = 'frames';
      state.webgl = { available: false, fast: false, software: false };
      ui.mode3d.disabled = true;
      updateModeButtons();
    }
  }
  const shown = await replays.load(turn, state.mode, three, state.webgl.software);
  if (shown && play) replays.play();
}

let ticker = 0;

function setBusy(busy) {
  state.busy = busy;
  ui.progress.hidden = !busy;
  ui.form.setAttribute('aria-busy', String(busy));
  clearInterval(ticker);
  if (busy) {
    const started = Date.now();
    ui.progressText.textContent = '0 s \u00b7 each model runs the whole episode in the simulator';
    ticker = setInterval(() => {
      ui.progressText.textContent = `${Math.round((Date.now() - started) / 1000)} s \u00b7 each model runs the whole episode in the simulator`;
    }, 500);
  }
  renderBattle();
}

async function playTurn(event) {
  event.preventDefault();
  if (state.busy) return;
  const instruction = ui.instruction.value.trim();
  if (!instruction) {
    showError('Type an instruction for the robots first, for example \u201cpick up the red cube\u201d.');
    ui.instruction.focus();
    return;
  }
  showError('');
  setBusy(true);
  try {
    if (!state.battle || state.battle.voted || !sameSetup()) await startBattle();
    const battle = state.battle;
    const turn = await api('POST', `/api/battles/${encodeURIComponent(battle.battle_id)}/turns`, { instruction });
    battle.turns.push({
      turn_id: turn.turn_id, seq: battle.turns.length, instruction,
      left_episode_id: turn.left_episode_id, right_episode_id: turn.right_episode_id,
    });
    setBusy(false);
    renderHistory();
    await showTurn(battle.turns.length - 1, true);
  } catch (e) {
    setBusy(false);
    report(e);
  }
}

function progressValue(input, side) {
  const raw = input.value.trim();
  if (raw === '') {
    if (input.validity.badInput) throw new Error(`${side} progress must be a whole number from 0 to 100.`);
    return undefined;
  }
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 100) throw new Error(`${side} progress must be a whole number from 0 to 100, not \u201c${raw}\u201d.`);
  return n;
}

async function vote(choice) {
  const b = state.battle;
  if (!b || b.voted || b.turns.length === 0 || state.busy) return;
  let body;
  try {
    body = { battle_id: b.battle_id, vote: choice };
    const left = progressValue(ui.progressLeft, 'Model A');
    const right = progressValue(ui.progressRight, 'Model B');
    if (left !== undefined) body.left_progress = left;
    if (right !== undefined) body.right_progress = right;
    const text = ui.feedback.value.trim();
    if (text) body.feedback = text;
  } catch (e) {
    showError(e.message);
    return;
  }
  showError('');
  state.busy = true;
  renderBattle();
  try {
    const result = await api('POST', '/api/votes', body);
    b.voted = true;
    b.vote = choice;
    b.revealed_models = result.revealed_models;
    state.busy = false;
    renderBattle();
    await refreshSession();
    ui.revealNew.focus();
  } catch (e) {
    state.busy = false;
    renderBattle();
    report(e);
  }
}

async function newBattle() {
  if (state.busy) return;
  showError('');
  state.busy = true;
  renderBattle();
  try {
    await startBattle();
    state.busy = false;
    renderBattle();
    ui.instruction.value = '';
    ui.instruction.focus();
  } catch (e) {
    state.busy = false;
    renderBattle();
    report(e);
  }
}

function onKey(e) {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typingIn(e.target)) return;
  const votes = { 1: 'left_better', 2: 'right_better', 3: 'tie', 4: 'both_bad' };
  if (votes[e.key]) {
    e.preventDefault();
    vote(votes[e.key]);
  } else if (e.key === ' ' || e.key === 'k') {
    if (e.key === ' ' && e.target && e.target.closest && e.target.closest('button, a, [role=tab]')) return;
    e.preventDefault();
    replays.toggle();
  } else if ((e.key === 'ArrowLeft' || e.key === 'ArrowRight') && !(e.target && e.target.type === 'range')) {
    if (e.target && e.target.closest && e.target.closest('canvas')) return;
    e.preventDefault();
    replays.step(e.key === 'ArrowLeft' ? -1 : 1);
  }
}

async function main() {
  chooseMode();
  ui.form.addEventListener('submit', playTurn);
  ui.newBattle.addEventListener('click', newBattle);
  ui.revealNew.addEventListener('click', newBattle);
  ui.mode3d.addEventListener('click', () => setMode('3d').catch(report));
  ui.modeFrames.addEventListener('click', () => setMode('frames').catch(report));
  for (const button of ui.voteButtons) button.addEventListener('click', () => vote(button.dataset.vote));
  ui.feedback.addEventListener('input', updateFeedbackCount);
  for (const chip of document.querySelectorAll('.chip')) {
    chip.addEventListener('click', () => {
      ui.instruction.value = chip.textContent;
      ui.instruction.focus();
    });
  }
  const setupChanged = () => {
    if (state.battle && state.battle.turns.length === 0 && !sameSetup()) {
      state.battle = null;
      renderBattle();
    }
  };
  ui.robot.addEventListener('change', setupChanged);
  ui.scene.addEventListener('change', setupChanged);
  document.addEventListener('keydown', onKey);
  renderTabs();
  renderBattle();
  try {
    await loadCatalog();
    await restoreSession();
  } catch (e) {
    report(e);
  }
  document.body.dataset.ready = 'true';
}

main();
