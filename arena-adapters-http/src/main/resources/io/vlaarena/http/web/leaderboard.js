// The leaderboard page: Elo and Bradley–Terry (95% intervals) side by side, filtered by robot and scene.
import { api, ApiError, el, label, showError } from './common.js';

const $ = (id) => document.getElementById(id);
const ui = {
  robot: $('robot'), scene: $('scene'), minVotes: $('min-votes'), byElo: $('by-elo'), byBt: $('by-bt'),
  head: $('head'), rows: $('rows'), table: $('leaderboard'), empty: $('empty'), emptyText: $('empty-text'),
  rule: $('rule'), ruleLong: $('rule-long'), showAll: $('show-all'),
};

// Fields this page lays out itself; any other field a ranking carries is shown as an extra column.
const KNOWN = new Set(['rank', 'model_id', 'name', 'elo_score', 'rating', 'vote_count', 'win_rate', 'wins', 'losses',
  'ties', 'ci_lower', 'ci_upper']);

const state = { by: 'elo', serverMin: null, request: 0 };

function params(method) {
  const q = new URLSearchParams({ method });
  if (ui.robot.value) q.set('robot_id', ui.robot.value);
  if (ui.scene.value) q.set('scene_id', ui.scene.value);
  if (ui.minVotes.value !== '') q.set('min_vote_count', ui.minVotes.value);
  return q;
}

function syncUrl() {
  const q = new URLSearchParams();
  if (ui.robot.value) q.set('robot_id', ui.robot.value);
  if (ui.scene.value) q.set('scene_id', ui.scene.value);
  if (ui.minVotes.value !== '' && Number(ui.minVotes.value) !== state.serverMin) q.set('min_vote_count', ui.minVotes.value);
  if (state.by === 'bt') q.set('by', 'bt');
  const s = q.toString();
  history.replaceState(null, '', s ? `?${s}` : location.pathname);
}

function humanize(key) {
  return label(key).replace(/\bci\b/i, 'CI').replace(/\bbt\b/i, 'BT');
}

function formatExtra(key, value) {
  if (typeof value === 'number') {
    if (/rate|share|fraction/.test(key) && value >= 0 && value <= 1) return `${(100 * value).toFixed(1)}%`;
    return Number.isInteger(value) ? String(value) : value.toFixed(Math.abs(value) < 10 ? 3 : 1);
  }
  if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  return null;
}

function ciBar(row, lo, hi) {
  if (row.ci_lower === undefined || row.ci_upper === undefined || hi <= lo) return null;
  const pos = (v) => `${(100 * (v - lo) / (hi - lo)).toFixed(1)}%`;
  return el('span', { class: 'ci-bar', 'aria-hidden': 'true' },
    el('span', { class: 'ci-range', style: null, 'data-left': pos(row.ci_lower), 'data-right': pos(row.ci_upper) }),
    el('span', { class: 'ci-point', 'data-left': pos(row.rating) }));
}

function render(elo, bt) {
  const byId = new Map(bt.rankings.map((r) => [r.model_id, r]));
  const merged = elo.rankings.map((r) => ({ ...r, bt: byId.get(r.model_id) }));
  for (const r of bt.rankings) {
    if (!merged.some((m) => m.model_id === r.model_id)) merged.push({ ...r, elo_score: undefined, bt: r });
  }
  if (state.by === 'bt') merged.sort((a, b) => (b.bt?.rating ?? -Infinity) - (a.bt?.rating ?? -Infinity));
  const extras = [];
  for (const r of [...elo.rankings, ...bt.rankings]) {
    for (const [k, v] of Object.entries(r)) {
      if (!KNOWN.has(k) && !extras.includes(k) && formatExtra(k, v) !== null) extras.push(k);
    }
  }
  const cols = ['#', 'Model', 'Elo', 'Bradley–Terry (95% CI)', 'Votes', 'Win rate', 'W / L / T', ...extras.map(humanize)];
  ui.head.replaceChildren(...cols.map((c, i) => el('th', {
    scope: 'col', class: i >= 2 && i !== 3 ? 'num' : undefined,
    'aria-sort': (i === 2 && state.by === 'elo') || (i === 3 && state.by === 'bt') ? 'descending' : undefined,
  }, c)));
  const ratings = merged.filter((r) => r.bt && r.bt.ci_lower !== undefined);
  const lo = Math.min(...ratings.map((r) => r.bt.ci_lower));
  const hi = Math.max(...ratings.map((r) => r.bt.ci_upper));
  ui.rows.replaceChildren(...merged.map((r, i) => {
    const b = r.bt;
    const source = r.elo_score !== undefined ? r : b;
    const cells = [
      el('td', { class: 'rank', text: String(i + 1) }),
      el('th', { scope: 'row', class: 'model' }, el('span', { class: 'model-name', text: r.name || r.model_id }),
        r.name && r.name !== r.model_id ? el('span', { class: 'model-id muted', text: r.model_id }) : null),
      el('td', { class: 'num strong', text: r.elo_score !== undefined ? String(r.elo_score) : '–' }),
      el('td', { class: 'bt' }, b ? el('span', { class: 'bt-value' }, el('strong', { text: Math.round(b.rating).toString() }),
        b.ci_lower !== undefined ? el('span', { class: 'muted', text: ` (${Math.round(b.ci_lower)}–${Math.round(b.ci_upper)})` }) : null)
        : '–', b ? ciBar(b, lo, hi) : null),
      el('td', { class: 'num', text: String(source.vote_count) }),
      el('td', { class: 'num', text: `${(100 * source.win_rate).toFixed(0)}%` }),
      el('td', { class: 'num muted', text: `${source.wins} / ${source.losses} / ${source.ties}` }),
      ...extras.map((k) => el('td', { class: 'num', text: formatExtra(k, r[k] ?? b?.[k]) ?? '–' })),
    ];
    return el('tr', { 'data-model-id': r.model_id }, ...cells);
  }));
  // Positions of the interval bars are set here, not in inline styles, which the page's policy forbids.
  for (const span of ui.rows.querySelectorAll('[data-left]')) {
    span.style.left = span.dataset.left;
    if (span.dataset.right) span.style.width = `calc(${span.dataset.right} - ${span.dataset.left})`;
  }
  const min = elo.min_vote_count;
  const filter = [ui.robot.value && label(ui.robot.value), ui.scene.value && label(ui.scene.value)].filter(Boolean).join(' in ');
  ui.rule.textContent = `${merged.length === 1 ? '1 model' : `${merged.length} models`} with at least ${min} vote${min === 1 ? '' : 's'}`
    + `${filter ? ` \u00b7 ${filter}` : ' \u00b7 all robots and scenes'}. Ranked by ${state.by === 'bt' ? 'Bradley–Terry' : 'Elo'}.`;
  ui.ruleLong.textContent = `A model is listed once it has at least ${min} vote${min === 1 ? '' : 's'} `
    + `(the original arena's rule${state.serverMin !== null ? `; this server's default is ${state.serverMin}` : ''}), `
    + 'so that a lucky first vote does not put it on top. Lower the minimum to see newer models.';
  ui.table.hidden = merged.length === 0;
  ui.empty.hidden = merged.length > 0;
  ui.showAll.hidden = min <= 1;
  ui.emptyText.textContent = min > 0
    ? `No model has ${min} vote${min === 1 ? '' : 's'} yet${filter ? ` for ${filter}` : ''}. Every battle you vote on counts.`
    : `No votes yet${filter ? ` for ${filter}` : ''}. Every battle you vote on counts.`;
}

async function refresh() {
  const id = ++state.request;
  showError('');
  ui.table.setAttribute('aria-busy', 'true');
  try {
    const [elo, bt] = await Promise.all([api('GET', `/api/leaderboard?${params('elo')}`), api('GET', `/api/leaderboard?${params('bt')}`)]);
    if (id !== state.request) return;
    if (state.serverMin === null) state.serverMin = elo.min_vote_count;
    if (ui.minVotes.value === '') ui.minVotes.value = String(elo.min_vote_count);
    render(elo, bt);
    syncUrl();
  } catch (e) {
    if (id !== state.request) return;
    showError(e instanceof ApiError ? e.detail : `Something went wrong in the page: ${e.message}`);
  } finally {
    ui.table.removeAttribute('aria-busy');
  }
}

function setBy(by) {
  state.by = by;
  ui.byElo.setAttribute('aria-pressed', String(by === 'elo'));
  ui.byBt.setAttribute('aria-pressed', String(by === 'bt'));
  refresh();
}

async function main() {
  const q = new URLSearchParams(location.search);
  try {
    const catalog = await api('GET', '/api/scenes');
    ui.robot.append(...catalog.robots.map((r) => el('option', { value: r.robot_id, text: label(r.robot_id) })));
    ui.scene.append(...catalog.scenes.map((s) => el('option', { value: s.scene_id, text: label(s.scene_id) })));
  } catch (e) {
    showError(e instanceof ApiError ? e.detail : e.message);
  }
  if (q.get('robot_id')) ui.robot.value = q.get('robot_id');
  if (q.get('scene_id')) ui.scene.value = q.get('scene_id');
  if (q.get('min_vote_count')) ui.minVotes.value = q.get('min_vote_count');
  state.by = q.get('by') === 'bt' ? 'bt' : 'elo';
  ui.byElo.setAttribute('aria-pressed', String(state.by === 'elo'));
  ui.byBt.setAttribute('aria-pressed', String(state.by === 'bt'));
  ui.robot.addEventListener('change', refresh);
  ui.scene.addEventListener('change', refresh);
  let timer = 0;
  ui.minVotes.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  });
  ui.byElo.addEventListener('click', () => setBy('elo'));
  ui.byBt.addEventListener('click', () => setBy('bt'));
  ui.showAll.addEventListener('click', () => {
    ui.minVotes.value = '1';
    refresh();
  });
  $('filters').addEventListener('submit', (e) => {
    e.preventDefault();
    refresh();
  });
  await refresh();
  document.body.dataset.ready = 'true';
}

main();
