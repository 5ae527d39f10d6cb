// The siprec portal's web UI (docs/portal.md#web-ui): plain JavaScript, no library, no build step.
// Everything it shows comes from /api/v1 with the session cookie; changes send the session's X-CSRF-Token.
// Text from the API is put in the page with textContent only, never as HTML.
'use strict';

const state = { session: null, filters: {}, page: 0, lastSearch: null };
const $ = (id) => document.getElementById(id);
const VIEWS = ['login-view', 'search-view', 'recording-view', 'ops-view'];

class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

async function api(path, options = {}) {
  const headers = { 'X-Requested-With': 'siprec-portal', ...(options.headers || {}) };
  const method = options.method || 'GET';
  if (method !== 'GET' && state.session && state.session.csrfToken) {
    headers['X-CSRF-Token'] = state.session.csrfToken;
  }
  let resp;
  try {
    resp = await fetch(path, { ...options, method, headers, credentials: 'same-origin', cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, 'The platform cannot be reached (' + e.message + ').');
  }
  if (resp.status === 204) return null;
  const type = resp.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await resp.json().catch(() => null) : null;
  if (!resp.ok) {
    throw new ApiError(resp.status, (body && body.message) || ('HTTP ' + resp.status));
  }
  return body;
}

// --- errors: 401 sends back to the login form; the others are shown above the page --------------------------

function showError(message) {
  const e = $('error');
  e.textContent = message;
  e.hidden = !message;
}

function handle(err) {
  if (err instanceof ApiError && err.status === 401) {
    state.session = null;
    showLogin(state.loggedOut ? '' : 'Your session has ended; please log in again.');
    return;
  }
  const prefix = {
    403: 'Not allowed: ', 404: 'Not found: ', 503: 'The platform cannot answer now: ', 0: '',
  }[err.status];
  showError((prefix === undefined ? 'Error ' + (err.status || '') + ': ' : prefix) + err.message);
}

function show(view) {
  for (const v of VIEWS) $(v).hidden = v !== view;
  const loggedIn = view !== 'login-view';
  $('logout').hidden = !loggedIn;
  $('nav').hidden = !loggedIn;
  $('who').textContent = loggedIn && state.session
    ? state.session.user + ' (' + state.session.roles.join(', ') + ')' : '';
}

// --- login / logout ----------------------------------------------------------------------------------------------

function showLogin(message) {
  show('login-view');
  showError('');
  const le = $('login-error');
  le.textContent = message || '';
  le.hidden = !message;
  $('login-user').focus();
}

$('login-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const le = $('login-error');
  le.hidden = true;
  try {
    state.session = await api('/api/v1/session', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: $('login-user').value, password: $('login-password').value }),
    });
    state.loggedOut = false;
    state.lastSearch = null;
    $('login-password').value = '';
    if (location.hash === '#/search' || location.hash === '#/ops' || location.hash.startsWith('#/recording/')) route();
    else location.hash = '#/search';
  } catch (err) {
    $('login-password').value = '';
    le.textContent = err.status === 401 ? 'User name or password not accepted.'
      : err.status === 403 ? 'This user may not use the portal (' + err.message + ').'
        : err.message;
    le.hidden = false;
  }
});

$('logout').addEventListener('click', async () => {
  try { await api('/api/v1/session', { method: 'DELETE' }); } catch (err) { /* logged out either way */ }
  state.session = null;
  state.loggedOut = true;
  state.lastSearch = null;
  $('player').pause();
  $('player').removeAttribute('src');
  clearCanvas();
  if (location.hash === '#/login') showLogin('You have logged out.'); else location.hash = '#/login';
});

// --- search ------------------------------------------------------------------------------------------------------

const FILTERS = ['party', 'company', 'from', 'to', 'state', 'size'];

function readFilters() {
  const f = {};
  for (const name of FILTERS) {
    let v = $('f-' + name).value.trim();
    if (!v) continue;
    if (name === 'from' || name === 'to') v = new Date(v).toISOString(); // local time in the form, UTC to the API
    f[name] = v;
  }
  return f;
}

$('search-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  state.filters = readFilters();
  state.page = 0;
  search();
});
$('prev').addEventListener('click', () => { state.page--; search(); });
$('next').addEventListener('click', () => { state.page++; search(); });

async function search() {
  show('search-view');
  showError('');
  const q = new URLSearchParams({ ...state.filters, page: String(state.page) });
  $('search-summary').textContent = 'Searching…';
  try {
    const result = await api('/api/v1/recordings?' + q);
    state.lastSearch = result;
    renderResults(result);
  } catch (err) {
    $('search-summary').textContent = '';
    handle(err);
  }
}

function renderResults(result) {
  const tbody = $('results').querySelector('tbody');
  tbody.replaceChildren();
  for (const r of result.recordings) {
    const tr = document.createElement('tr');
    tr.dataset.id = r.id;
    cell(tr, formatTime(r.start));
    cell(tr, formatDuration(r.durationMs));
    cell(tr, r.parties.map(partyLabel).join(' ↔ '));
    cell(tr, r.company || '—');
    cell(tr, r.state).className = 'state-' + r.state;
    cell(tr, r.hold ? 'on hold' : '');
    const a = document.createElement('a');
    a.href = '#/recording/' + encodeURIComponent(r.id);
    a.className = 'open';
    a.textContent = 'Open';
    cell(tr, '').append(a);
    tr.addEventListener('click', (ev) => { if (ev.target !== a) location.hash = a.getAttribute('href'); });
    tbody.append(tr);
  }
  const empty = result.recordings.length === 0;
  $('results').hidden = empty;
  $('results-empty').hidden = !empty;
  const first = result.page * result.size;
  $('search-summary').textContent = empty ? '' : (result.total + ' recording' + (result.total === 1 ? '' : 's')
    + ', showing ' + (first + 1) + '–' + (first + result.recordings.length));
  const pages = Math.max(1, Math.ceil(result.total / result.size));
  $('page-info').textContent = 'page ' + (result.page + 1) + ' of ' + pages;
  $('prev').disabled = result.page <= 0;
  $('next').disabled = result.page + 1 >= pages;
}

// --- one recording -----------------------------------------------------------------------------------------------

async function openRecording(id) {
  show('recording-view');
  showError('');
  $('rec-title').textContent = 'Recording ' + id;
  for (const t of ['rec-details', 'decision', 'pauses']) $(t).replaceChildren();
  for (const t of ['parties', 'files']) $(t).querySelector('tbody').replaceChildren();
  $('player').removeAttribute('src');
  $('waveform-note').textContent = '';
  $('hold-form').hidden = true;
  clearCanvas();
  let r;
  try {
    r = await api('/api/v1/recordings/' + encodeURIComponent(id));
  } catch (err) {
    $('rec-title').textContent = 'Recording ' + id + ' cannot be shown';
    handle(err);
    return;
  }
  $('rec-title').textContent = r.parties.map(partyLabel).join(' ↔ ') || ('Recording ' + r.id);
  const details = $('rec-details');
  const add = (k, v) => { const dt = document.createElement('dt'); dt.textContent = k; const dd = document.createElement('dd'); dd.textContent = v == null || v === '' ? '—' : v; details.append(dt, dd); };
  add('Id', r.id);
  add('State', r.state);
  add('Start', formatTime(r.start));
  add('End', r.end ? formatTime(r.end) : 'still recording');
  add('Duration', formatDuration(r.durationMs));
  add('Company', r.company);
  add('Direction', r.direction);
  add('Codecs', r.codecs);
  add('Ended by', r.endReason);
  add('Call-ID', r.callId);
  add('Legal hold', '');
  details.lastElementChild.id = 'rec-hold';
  renderHold(r);

  const ptb = $('parties').querySelector('tbody');
  for (const p of r.parties) {
    const tr = document.createElement('tr');
    cell(tr, p.name || '—'); cell(tr, p.number || '—'); cell(tr, p.aor || '—');
    ptb.append(tr);
  }
  if (r.parties.length === 0) emptyRow(ptb, 3, 'No party in the metadata.');

  // the catalogue may not carry these (yet): shown when the API sends them
  const decision = $('decision');
  if (r.decision) {
    const p = document.createElement('p');
    p.textContent = (r.decision.decision || r.decision.result || '') + (r.decision.reason ? ': ' + r.decision.reason : '');
    decision.append(p);
    for (const reason of r.decision.reasons || []) {
      const li = document.createElement('li'); li.textContent = reason; decision.append(li);
    }
  } else if (!('decision' in r)) {
    decision.textContent = 'The decision is not shown to your role.';
    decision.className = 'note';
  } else {
    decision.textContent = 'The catalogue holds no decision for this recording.';
    decision.className = 'note';
  }
  const pauses = $('pauses');
  if (Array.isArray(r.pauses) && r.pauses.length) {
    for (const p of r.pauses) {
      const li = document.createElement('li');
      li.textContent = formatTime(p.start) + ' – ' + (p.end ? formatTime(p.end) : 'end');
      pauses.append(li);
    }
  } else {
    pauses.textContent = Array.isArray(r.pauses) ? 'Never paused.' : 'The catalogue holds no paused intervals.';
    pauses.className = 'note';
  }

  const ftb = $('files').querySelector('tbody');
  for (const f of r.files) {
    const tr = document.createElement('tr');
    cell(tr, f.kind); cell(tr, f.name); cell(tr, f.sizeBytes == null ? '—' : formatBytes(f.sizeBytes));
    cell(tr, f.sha256 || '—').className = 'hash';
    ftb.append(tr);
  }
  if (r.files.length === 0) emptyRow(ftb, 4, 'No file.');

  const wav = $('download-wav');
  const xml = $('download-xml');
  if (r.audio) {
    wav.hidden = false;
    wav.href = r.audio;
    wav.setAttribute('download', r.id + '.wav');
    $('player').hidden = false;
    $('player').src = r.audio;
    drawWaveform(r);
  } else {
    wav.hidden = true;
    $('player').hidden = true;
    $('waveform-note').textContent = 'This recording has no audio file.';
  }
  // the metadata XML (GET /api/v1/recordings/{id}/metadata, where the API serves it)
  xml.hidden = !r.files.some((f) => f.kind === 'metadata');
  xml.href = '/api/v1/recordings/' + encodeURIComponent(r.id) + '/metadata';
  xml.setAttribute('download', r.id + '-metadata.xml');
}

// --- legal hold: a change, so the API wants the session's X-CSRF-Token (api() sends it) --------------------------

function renderHold(r) {
  state.recording = r;
  $('rec-hold').textContent = r.hold ? ('since ' + formatTime(r.hold.since) + ' by ' + r.hold.actor
    + (r.hold.reason ? ' (' + r.hold.reason + ')' : '')) : 'no';
  const may = state.session && state.session.may && state.session.may.hold;
  $('hold-form').hidden = !may;
  $('hold-reason').hidden = !!r.hold;
  $('hold-set').hidden = !!r.hold;
  $('hold-clear').hidden = !r.hold;
}

async function changeHold(set) {
  const r = state.recording;
  showError('');
  try {
    const reason = $('hold-reason').value.trim();
    const updated = await api('/api/v1/recordings/' + encodeURIComponent(r.id) + '/hold', set
      ? { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(reason ? { reason } : {}) }
      : { method: 'DELETE' });
    $('hold-reason').value = '';
    renderHold(updated);
  } catch (err) {
    handle(err);
  }
}

$('hold-form').addEventListener('submit', (ev) => { ev.preventDefault(); changeHold(true); });
$('hold-clear').addEventListener('click', () => changeHold(false));

// --- timeline: both channels of the WAV, the paused intervals, the playhead ---------------------------------------

let timeline = null;

function clearCanvas() {
  timeline = null;
  const c = $('waveform');
  c.getContext('2d').clearRect(0, 0, c.width, c.height);
}

/** PCM 16-bit WAV (what the embedded SRS writes) read here; anything else through Web Audio. */
function readWav(buffer) {
  const v = new DataView(buffer);
  const tag = (o) => String.fromCharCode(v.getUint8(o), v.getUint8(o + 1), v.getUint8(o + 2), v.getUint8(o + 3));
  if (buffer.byteLength < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') return null;
  let fmt = null;
  for (let o = 12; o + 8 <= buffer.byteLength;) {
    const id = tag(o);
    const size = v.getUint32(o + 4, true);
    if (id === 'fmt ') {
      fmt = { format: v.getUint16(o + 8, true), channels: v.getUint16(o + 10, true),
        rate: v.getUint32(o + 12, true), bits: v.getUint16(o + 22, true) };
    } else if (id === 'data' && fmt) {
      if (fmt.format !== 1 || fmt.bits !== 16) return null;
      const frames = Math.floor(Math.min(size, buffer.byteLength - o - 8) / (2 * fmt.channels));
      const channels = [];
      for (let c = 0; c < fmt.channels; c++) channels.push(new Float32Array(frames));
      let p = o + 8;
      for (let i = 0; i < frames; i++) {
        for (let c = 0; c < fmt.channels; c++, p += 2) channels[c][i] = v.getInt16(p, true) / 32768;
      }
      return { rate: fmt.rate, channels };
    }
    o += 8 + size + (size & 1);
  }
  return null;
}

async function drawWaveform(r) {
  const note = $('waveform-note');
  note.textContent = 'Loading the waveform…';
  try {
    const resp = await fetch(r.audio, { credentials: 'same-origin', headers: { 'X-Requested-With': 'siprec-portal' } });
    if (!resp.ok) throw new ApiError(resp.status, 'the audio cannot be fetched (HTTP ' + resp.status + ')');
    const buffer = await resp.arrayBuffer();
    let audio = readWav(buffer);
    if (!audio) {
      const decoded = await new OfflineAudioContext(1, 1, 8000).decodeAudioData(buffer);
      audio = { rate: decoded.sampleRate, channels: [...Array(decoded.numberOfChannels).keys()].map((c) => decoded.getChannelData(c)) };
    }
    timeline = { audio, recording: r, seconds: audio.channels[0].length / audio.rate };
    paint();
    note.textContent = audio.channels.length + ' channel' + (audio.channels.length === 1 ? '' : 's')
      + ' (one per participant), ' + timeline.seconds.toFixed(1) + ' s at ' + audio.rate + ' Hz'
      + (Array.isArray(r.pauses) && r.pauses.length ? '; paused intervals shaded' : '') + '. Click to seek.';
  } catch (err) {
    note.textContent = 'No waveform: ' + err.message;
  }
}

function paint() {
  if (!timeline) return;
  const c = $('waveform');
  const g = c.getContext('2d');
  const { audio, recording, seconds } = timeline;
  const w = c.width; const h = c.height; const axis = 16;
  const lane = (h - axis) / audio.channels.length;
  g.clearRect(0, 0, w, h);
  // paused intervals, relative to the recording's start
  if (Array.isArray(recording.pauses)) {
    const t0 = Date.parse(recording.start);
    g.fillStyle = 'rgba(230, 160, 0, .25)';
    for (const p of recording.pauses) {
      const a = (Date.parse(p.start) - t0) / 1000;
      const b = p.end ? (Date.parse(p.end) - t0) / 1000 : seconds;
      g.fillRect(a / seconds * w, 0, Math.max(1, (b - a) / seconds * w), h - axis);
    }
  }
  const colours = ['#1d6fb8', '#b83a1d', '#2a8a3e', '#7a3db8'];
  audio.channels.forEach((data, ch) => {
    const mid = lane * ch + lane / 2;
    g.strokeStyle = colours[ch % colours.length];
    g.beginPath();
    const per = data.length / w;
    for (let x = 0; x < w; x++) {
      let lo = 0; let hi = 0;
      const end = Math.min(data.length, Math.floor((x + 1) * per));
      for (let i = Math.floor(x * per); i < end; i++) { const s = data[i]; if (s < lo) lo = s; if (s > hi) hi = s; }
      g.moveTo(x + .5, mid - hi * lane / 2);
      g.lineTo(x + .5, mid - lo * lane / 2 + 1);
    }
    g.stroke();
    g.fillStyle = '#333';
    g.font = '11px sans-serif';
    g.fillText('channel ' + (ch + 1), 4, lane * ch + 12);
  });
  // time axis: a tick per second (per 10 s when long)
  g.fillStyle = '#55606d';
  const step = seconds > 60 ? 10 : 1;
  for (let s = 0; s <= seconds; s += step) {
    const x = s / seconds * w;
    g.fillRect(x, h - axis, 1, 4);
    if (s > 0) g.fillText(s + ' s', x - 8, h - 2);
  }
  const player = $('player');
  if (player.currentTime > 0) {
    g.fillStyle = '#000';
    g.fillRect(player.currentTime / seconds * w, 0, 1, h - axis);
  }
}

$('player').addEventListener('timeupdate', paint);
$('waveform').addEventListener('click', (ev) => {
  if (!timeline) return;
  const rect = ev.target.getBoundingClientRect();
  $('player').currentTime = (ev.clientX - rect.left) / rect.width * timeline.seconds;
});
$('player').addEventListener('error', () => {
  if ($('player').getAttribute('src')) $('waveform-note').textContent = 'The player cannot load the audio.';
});

// --- helpers -----------------------------------------------------------------------------------------------------

function cell(tr, text) { const td = document.createElement('td'); td.textContent = text; tr.append(td); return td; }
function emptyRow(tbody, span, text) {
  const tr = document.createElement('tr'); const td = cell(tr, text); td.colSpan = span; td.className = 'empty'; tbody.append(tr);
}
function partyLabel(p) { return p.name || p.number || p.aor || '?'; }
function formatTime(iso) { return iso ? new Date(iso).toLocaleString(undefined, { hour12: false }) : '—'; }
function formatDuration(ms) {
  if (ms == null) return '—';
  const s = Math.round(ms / 1000);
  return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
}
function formatBytes(n) { return n < 1024 ? n + ' B' : n < 1048576 ? (n / 1024).toFixed(1) + ' KiB' : (n / 1048576).toFixed(1) + ' MiB'; }

// --- routing: #/login, #/search, #/recording/{id}, #/ops (ops.js) ------------------------------------------------------

async function route() {
  if (!state.session) {
    try {
      state.session = await api('/api/v1/session');
    } catch (err) {
      showLogin(state.loggedOut ? 'You have logged out.' : '');
      if (err.status !== 401) handle(err);
      return;
    }
  }
  const hash = location.hash;
  if (hash === '#/ops') {
    openOps();
  } else if (hash.startsWith('#/recording/')) {
    openRecording(decodeURIComponent(hash.substring('#/recording/'.length)));
  } else if (hash === '#/search' && state.lastSearch) {
    show('search-view'); // back from a recording: the results as they were
    showError('');
  } else {
    if (hash !== '#/search') history.replaceState(null, '', '#/search');
    search();
  }
}

window.addEventListener('hashchange', route);
route();
